package dev.reins.llm.sft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.llm.data.Conversation;
import dev.reins.llm.data.PromptCompletion;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.generate.Generator;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.TestModels;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.tokenizer.ByteTokenizer;
import dev.reins.llm.tokenizer.ChatTemplate;
import dev.reins.llm.tokenizer.SpecialTokens;
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
        double[] w = SftTrainer.completionWeights(List.of(new boolean[] {false, false, true, true, true}), 6);
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
    void aConversationTrainsOnTheAssistantsContentAndItsEndMarkerOnly() {
        var messages = List.of(new ChatTemplate.Message("system", "be brief"), new ChatTemplate.Message("user", "2+2?"),
                new ChatTemplate.Message("assistant", "4"), new ChatTemplate.Message("user", "and 3+3?"),
                new ChatTemplate.Message("assistant", "6, of course"));
        ChatTemplate.TrainingTokens t = ChatTemplate.encodeForTraining(TOK, messages);
        assertArrayEquals(ChatTemplate.encode(TOK, messages, false), t.ids(), "the same ids as the chat template's");
        StringBuilder trained = new StringBuilder();
        for (int i = 0; i < t.ids().length; i++) {
            if (t.assistant()[i]) {
                trained.append(TOK.decode(new int[] {t.ids()[i]})).append(i + 1 < t.ids().length && t.assistant()[i + 1] ? "" : "|");
            }
        }
        assertEquals("4<|im_end|>|6, of course<|im_end|>|", trained.toString());
    }

    @Test
    void sftOnConversationsAnswersAsTheAssistantAndStopsAtImEnd() {
        LanguageModel lm = new LanguageModel(TOK, Transformer.create(new TransformerConfig(TOK.vocabSize(), 32, 32, 1, 2, 64), 1));
        List<Conversation> chats = List.of(chat("a", "xy"), chat("b", "zz"), chat("c", "yx"));
        SftTrainer sft = new SftTrainer(lm, chats, chats, new SftConfig(150, 16, 1e-2, 10, 1.0, 0), 0);
        while (!sft.finished()) {
            sft.step();
        }
        assertTrue(sft.evalLoss() < 0.05, "held-out loss on the assistant tokens " + sft.evalLoss());
        int imEnd = TOK.specialId(SpecialTokens.IM_END).orElseThrow();
        for (Conversation c : chats) {
            int[] prompt = ChatTemplate.encode(TOK, c.messages().subList(0, 1), true);
            var out = Generator.generate(lm.transformer(), List.of(prompt), DecodingConfig.greedy(4, imEnd), 0).get(0);
            assertEquals(c.messages().get(1).content(), TOK.decode(out.contentTokens()));
            assertTrue(out.stopped(), "stopped at <|im_end|>");
        }
    }

    private static Conversation chat(String user, String assistant) {
        return new Conversation(List.of(new ChatTemplate.Message("user", user), new ChatTemplate.Message("assistant", assistant)));
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
