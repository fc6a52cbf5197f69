package dev.reins.llm.sft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.llm.data.PromptCompletion;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.generate.Generator;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.TestModels;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.tokenizer.ByteTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftTrainerTest {
    private static final ByteTokenizer TOK = ByteTokenizer.withDefaultSpecials();
    private static final List<PromptCompletion> DATA = List.of(new PromptCompletion("a:", "xy"), new PromptCompletion("b:", "zz"),
            new PromptCompletion("c:", "yx"));

    private static LanguageModel model(long seed) {
        return new LanguageModel(TOK, Transformer.create(new TransformerConfig(TOK.vocabSize(), 8, 32, 1, 2, 64), seed));
    }

    @Test
    void theLossCoversCompletionTokensAndEndOfTextOnly() {
        // "ab" + "cd" + eos: positions 1, 2, 3 predict c, d, eos; position 0 predicts the prompt's b and is not trained.
        double[] w = SftTrainer.completionWeights(List.of(new int[] {1, 2, 3, 4, 9}), List.of(2), 6);
        assertArrayEquals(new double[] {0, -1.0 / 3, -1.0 / 3, -1.0 / 3, 0, 0}, w, 1e-15);
    }

    @Test
    void memorizesATinyDatasetAndGeneratesIt() {
        LanguageModel lm = model(1);
        SftTrainer sft = new SftTrainer(lm, DATA, DATA, new SftConfig(150, 16, 1e-2, 10, 1.0, 0), 0);
        double before = sft.evalLoss();
        java.util.Map<String, Double> last = null;
        while (!sft.finished()) {
            last = sft.step();
        }
        double after = sft.evalLoss();
        assertTrue(after < 0.05 && after < before / 20, "held-out loss " + before + " -> " + after);
        assertEquals(150.0, last.get("step"));
        for (PromptCompletion ex : DATA) {
            var c = Generator.generate(lm.transformer(), List.of(TOK.encode(ex.prompt())), DecodingConfig.greedy(4, TOK.endOfText()), 0)
                    .get(0);
            assertEquals(ex.completion(), TOK.decode(c.contentTokens()));
            assertTrue(c.stopped(), "the model learned to stop with end-of-text");
        }
    }

    @Test
    void resumeEqualsUninterrupted(@TempDir Path dir) throws Exception {
        SftConfig config = new SftConfig(6, 4, 1e-3, 2, 1.0, 0);
        LanguageModel a = model(2);
        SftTrainer straight = new SftTrainer(a, DATA, List.of(), config, 5);
        while (!straight.finished()) {
            straight.step();
        }
        LanguageModel b = model(2);
        SftTrainer first = new SftTrainer(b, DATA, List.of(), config, 5);
        for (int i = 0; i < 3; i++) {
            first.step();
        }
        CheckpointWriter w = new CheckpointWriter();
        first.save(w, "sft.");
        w.writeTo(dir.resolve("sft.ckpt"));
        LanguageModel c = model(99);
        SftTrainer resumed = new SftTrainer(c, DATA, List.of(), config, 123);
        resumed.load(CheckpointReader.read(dir.resolve("sft.ckpt")), "sft.");
        while (!resumed.finished()) {
            resumed.step();
        }
        assertArrayEquals(TestModels.flat(a.transformer()), TestModels.flat(c.transformer()));
    }

    @Test
    void examplesLongerThanTheContextAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SftTrainer(model(3),
                List.of(new PromptCompletion("a:", "b"), new PromptCompletion("long:", "completion")), List.of(),
                new SftConfig(1, 1, 1e-3, 0, 1, 0), 0));
        assertTrue(e.getMessage().contains("training example 2") && e.getMessage().contains("context_length is 8"), e.getMessage());
    }
}
