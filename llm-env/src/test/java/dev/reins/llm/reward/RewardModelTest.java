package dev.reins.llm.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.Parameter;
import dev.reins.llm.model.ParameterGradients;
import dev.reins.llm.model.TestModels;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.tokenizer.ByteTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class RewardModelTest {
    private static final ByteTokenizer TOK = ByteTokenizer.withDefaultSpecials();
    private static final TransformerConfig SMALL = new TransformerConfig(TOK.vocabSize(), 12, 8, 2, 2, 12);
    private static final List<int[]> SEQUENCES = List.of(new int[] {97, 98, 97, 99, 100, 97}, new int[] {101, 102}, new int[] {97, 97, 98});

    private static RewardModel perturbed(TransformerConfig config, long seed) {
        return RewardModel.fromLanguageModel(new LanguageModel(TOK, TestModels.perturbed(config, seed, 0.6)), seed);
    }

    @Test
    void gradientOfTheHeadAndTheBackboneMatchesFiniteDifferences() {
        checkGradient(perturbed(SMALL, 3));
    }

    @Test
    void anUntiedLanguageModelLosesItsHeadAndStillMatchesFiniteDifferences() {
        RewardModel rm = perturbed(SMALL.withTiedEmbeddings(false), 4);
        assertTrue(rm.backbone().config().tieWordEmbeddings());
        assertFalse(rm.trainable().stream().anyMatch(p -> p.name().equals("lm_head.weight")));
        checkGradient(rm);
    }

    private static void checkGradient(RewardModel rm) {
        SplittableRandom rng = new SplittableRandom(7);
        double[] dRewards = {0.7, -1.3, 0.4};
        ParameterGradients analytic = new ParameterGradients(rm.trainable());
        rm.backward(SEQUENCES, rm.forward(SEQUENCES), dRewards, analytic);
        int checked = 0;
        for (Parameter p : rm.trainable()) {
            INDArray value = p.value();
            for (int k = 0; k < 3; k++) {
                // Embedding rows of tokens that occur (others have zero gradient); any entry elsewhere.
                long i = p.name().equals("wte.weight") ? (long) SEQUENCES.get(k)[0] * SMALL.dModel() + rng.nextInt(SMALL.dModel())
                        : rng.nextInt((int) p.size());
                double saved = value.data().getDouble(i);
                double h = 1e-6;
                value.data().put(i, saved + h);
                double plus = weightedRewards(rm, dRewards);
                value.data().put(i, saved - h);
                double minus = weightedRewards(rm, dRewards);
                value.data().put(i, saved);
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, analytic.get(p.name()).data().getDouble(i), 1e-7 + 1e-5 * Math.abs(numeric),
                        "d loss / d " + p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertEquals(3 * rm.trainable().size(), checked);
    }

    private static double weightedRewards(RewardModel rm, double[] weights) {
        double[] r = rm.scores(SEQUENCES);
        double sum = 0;
        for (int i = 0; i < r.length; i++) {
            sum += weights[i] * r[i];
        }
        return sum;
    }

    @Test
    void theRewardIsReadAtTheLastTokenWhateverThePadding() {
        RewardModel rm = perturbed(SMALL, 5);
        double[] batched = rm.scores(SEQUENCES);
        for (int i = 0; i < SEQUENCES.size(); i++) {
            assertEquals(rm.scores(List.of(SEQUENCES.get(i)))[0], batched[i], 1e-12);
        }
        assertEquals(rm.reward(new PromptExample("ab", ""), "acda"), batched[0], 1e-12);
        assertArrayEquals(batched, rm.rewards(List.of(new PromptExample("a", ""), new PromptExample("e", ""), new PromptExample("aa", "")),
                List.of("bacda", "f", "b")), 1e-12);
    }

    @Test
    void savesAsAHuggingFaceSequenceClassifierAndLoadsBackBitForBit(@TempDir Path dir) throws Exception {
        RewardModel rm = RewardModel.fromLanguageModel(new LanguageModel(TOK, Transformer.create(SMALL, 2)), 9);
        rm.save(dir.resolve("rm"));
        String config = Files.readString(dir.resolve("rm/config.json"));
        assertTrue(config.contains("\"GPT2ForSequenceClassification\"") && config.contains("\"LABEL_0\"")
                && config.contains("\"pad_token_id\" : " + TOK.endOfText()), config);
        RewardModel back = RewardModel.load(dir.resolve("rm"));
        assertArrayEquals(rm.scores(SEQUENCES), back.scores(SEQUENCES), 0.0);
        assertEquals(DataType.FLOAT, back.backbone().dtype());
    }

    @Test
    void aLanguageModelIsNotARewardModelAndViceVersa(@TempDir Path dir) throws Exception {
        LanguageModel lm = new LanguageModel(TOK, Transformer.create(SMALL, 2));
        lm.save(dir.resolve("lm"));
        RewardModel.fromLanguageModel(lm, 1).save(dir.resolve("rm"));
        String e = assertThrows(IllegalArgumentException.class, () -> RewardModel.load(dir.resolve("lm"))).getMessage();
        assertTrue(e.contains("is not a reward model") && e.contains("GPT2LMHeadModel"), e);
        e = assertThrows(IllegalArgumentException.class, () -> LanguageModel.load(dir.resolve("rm"))).getMessage();
        assertTrue(e.contains("is a reward model"), e);
        e = assertThrows(IllegalArgumentException.class, () -> RewardModel.load(dir.resolve("nothing"))).getMessage();
        assertTrue(e.contains("does not exist"), e);
    }
}
