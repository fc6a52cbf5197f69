package dev.reins.llm.preference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.llm.data.PreferencePair;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.TestModels;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.reward.RewardModel;
import dev.reins.llm.tokenizer.ByteTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferenceTrainersTest {
    private static final ByteTokenizer TOK = ByteTokenizer.withDefaultSpecials();
    private static final TransformerConfig CONFIG = new TransformerConfig(TOK.vocabSize(), 12, 32, 2, 4, 64);

    /** Pairs of 4-letter a/b strings after a one-letter prompt; the one with more a's is chosen. */
    static List<PreferencePair> moreAsPairs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<PreferencePair> out = new ArrayList<>();
        while (out.size() < n) {
            String x = letters(rng);
            String y = letters(rng);
            long ax = x.chars().filter(c -> c == 'a').count();
            long ay = y.chars().filter(c -> c == 'a').count();
            if (ax != ay) {
                String prompt = (char) ('p' + rng.nextInt(4)) + ":";
                out.add(ax > ay ? new PreferencePair(prompt, x, y) : new PreferencePair(prompt, y, x));
            }
        }
        return out;
    }

    private static String letters(SplittableRandom rng) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            s.append(rng.nextBoolean() ? 'a' : 'b');
        }
        return s.toString();
    }

    private static LanguageModel model(long seed) {
        return new LanguageModel(TOK, Transformer.create(CONFIG, seed));
    }

    @Test
    void aRewardModelLearnsWhichCompletionIsPreferred() {
        RewardModel rm = RewardModel.fromLanguageModel(model(1), 1);
        List<TokenizedPair> train = TokenizedPair.tokenize(TOK, moreAsPairs(400, 1), 12, false);
        List<TokenizedPair> heldOut = TokenizedPair.tokenize(TOK, moreAsPairs(100, 2), 12, false);
        RewardModelTrainer t = new RewardModelTrainer(rm, train, heldOut, new RewardModelConfig(150, 16, 3e-3, 10, 1.0, 0, 0.01, 0), 3);
        double before = t.evaluate().get("eval_accuracy");
        while (!t.finished()) {
            t.step();
        }
        Map<String, Double> after = t.evaluate();
        assertTrue(after.get("eval_accuracy") >= 0.9 && after.get("eval_loss") < 0.35,
                "held-out accuracy " + before + " -> " + after);
    }

    @Test
    void dpoStartsAtLogTwoAndLearnsToPreferTheChosenCompletions() {
        LanguageModel lm = model(2);
        List<TokenizedPair> train = TokenizedPair.tokenize(TOK, moreAsPairs(400, 3), 12, true);
        List<TokenizedPair> heldOut = TokenizedPair.tokenize(TOK, moreAsPairs(100, 4), 12, true);
        DpoTrainer dpo = new DpoTrainer(lm.transformer(), null, train, heldOut,
                new DpoConfig(120, 16, 3e-3, 10, 1.0, 0, 0.5, "sigmoid", 0, 0, 0), 5);
        Map<String, Double> start = dpo.evaluate();
        assertEquals(Math.log(2), start.get("eval_loss"), 1e-12); // the policy is its own reference
        assertEquals(0.0, start.get("eval_rewards/margins"), 1e-12);
        while (!dpo.finished()) {
            dpo.step();
        }
        Map<String, Double> end = dpo.evaluate();
        assertTrue(end.get("eval_rewards/accuracies") >= 0.9 && end.get("eval_loss") < 0.4, "held out: " + end);
        assertTrue(end.get("eval_rewards/chosen") > end.get("eval_rewards/rejected"), end.toString());
    }

    @Test
    void ipoHingeAndSimPoLearnTooAndSimPoNeedsNoReference() {
        for (String type : List.of("ipo", "hinge", "simpo")) {
            LanguageModel lm = model(3);
            List<TokenizedPair> train = TokenizedPair.tokenize(TOK, moreAsPairs(300, 5), 12, true);
            List<TokenizedPair> heldOut = TokenizedPair.tokenize(TOK, moreAsPairs(100, 6), 12, true);
            DpoTrainer t = new DpoTrainer(lm.transformer(), null, train, heldOut,
                    new DpoConfig(100, 16, 3e-3, 10, 1.0, 0, 0.5, type, 0, 0.5, 0), 5);
            while (!t.finished()) {
                t.step();
            }
            Map<String, Double> end = t.evaluate();
            assertTrue(end.get("eval_rewards/accuracies") >= 0.85, type + ": " + end);
        }
    }

    @Test
    void resumeEqualsUninterruptedForBothTrainers(@TempDir Path dir) throws Exception {
        List<PreferencePair> pairs = moreAsPairs(40, 7);
        DpoConfig dpoConfig = new DpoConfig(6, 4, 1e-3, 2, 1.0, 0.01, 0.1, "sigmoid", 0.1, 0, 0);
        RewardModelConfig rmConfig = new RewardModelConfig(6, 4, 1e-3, 2, 1.0, 0.01, 0.01, 0);
        List<TokenizedPair> withEos = TokenizedPair.tokenize(TOK, pairs, 12, true);
        List<TokenizedPair> withoutEos = TokenizedPair.tokenize(TOK, pairs, 12, false);

        LanguageModel a = model(4);
        runToEnd(new DpoTrainer(a.transformer(), null, withEos, List.of(), dpoConfig, 8));
        LanguageModel b = model(4);
        DpoTrainer first = new DpoTrainer(b.transformer(), null, withEos, List.of(), dpoConfig, 8);
        LanguageModel c = model(4);
        DpoTrainer second = new DpoTrainer(c.transformer(), null, withEos, List.of(), dpoConfig, 99);
        resumeHalfway(first, second, dir.resolve("dpo.ckpt"));
        assertArrayEquals(TestModels.flat(a.transformer()), TestModels.flat(c.transformer()));

        RewardModel ra = RewardModel.fromLanguageModel(model(5), 5);
        runToEnd(new RewardModelTrainer(ra, withoutEos, List.of(), rmConfig, 8));
        RewardModel rb = RewardModel.fromLanguageModel(model(5), 5);
        RewardModel rc = RewardModel.fromLanguageModel(model(6), 6);
        resumeHalfway(new RewardModelTrainer(rb, withoutEos, List.of(), rmConfig, 8),
                new RewardModelTrainer(rc, withoutEos, List.of(), rmConfig, 1), dir.resolve("rm.ckpt"));
        assertArrayEquals(ra.scores(withoutEos.stream().map(TokenizedPair::chosen).toList()),
                rc.scores(withoutEos.stream().map(TokenizedPair::chosen).toList()), 0.0);
    }

    private static void runToEnd(dev.reins.llm.train.StepTrainer t) {
        while (!t.finished()) {
            t.step();
        }
    }

    private static void resumeHalfway(dev.reins.llm.train.StepTrainer first, dev.reins.llm.train.StepTrainer second, Path file)
            throws Exception {
        for (int i = 0; i < 3; i++) {
            first.step();
        }
        CheckpointWriter w = new CheckpointWriter();
        first.save(w, "t.");
        w.writeTo(file);
        second.load(CheckpointReader.read(file), "t.");
        runToEnd(second);
    }

    @Test
    void badPairsAreNamedByTheirOrigin() {
        String e = assertThrows(IllegalArgumentException.class, () -> new PreferencePair("p", "same", "same", 0, "prefs.jsonl:4"))
                .getMessage();
        assertTrue(e.startsWith("prefs.jsonl:4: \"chosen\" equals \"rejected\""), e);
        e = assertThrows(IllegalArgumentException.class, () -> TokenizedPair.tokenize(TOK,
                List.of(new PreferencePair("p:", "a", "b", 0, "prefs.jsonl:1"), new PreferencePair("p:", "aaaaaaaaaaaa", "b", 0, "prefs.jsonl:2")),
                12, true)).getMessage();
        assertTrue(e.startsWith("prefs.jsonl:2: 2 prompt + 12 completion tokens + end-of-text = 15 tokens; the model's context_length is 12"), e);
        e = assertThrows(IllegalArgumentException.class, () -> new DpoTrainer(model(1).transformer(),
                Transformer.create(new TransformerConfig(TOK.vocabSize(), 8, 32, 2, 4, 64), 1), TokenizedPair.tokenize(TOK, moreAsPairs(2, 1),
                        12, true), List.of(), DpoConfig.defaults(), 0)).getMessage();
        assertTrue(e.contains("the reference model") && e.contains("does not fit the policy"), e);
    }
}
