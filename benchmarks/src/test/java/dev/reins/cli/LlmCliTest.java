package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reins llm sft | generate | eval | grpo} end to end on a dataset small enough to memorize. */
class LlmCliTest {
    @TempDir
    Path tmp;

    private static Object[] run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void sftThenGenerateEvalAndGrpoFromTheCommandLine() throws Exception {
        Path train = tmp.resolve("train.jsonl");
        Files.writeString(train, "{\"prompt\": \"1+1=\", \"completion\": \"2\"}\n{\"prompt\": \"2+2=\", \"completion\": \"4\"}\n"
                + "{\"prompt\": \"3+3=\", \"completion\": \"6\"}\n");
        Path test = tmp.resolve("test.jsonl");
        Files.writeString(test, "{\"prompt\": \"1+1=\", \"answer\": \"2\"}\n{\"prompt\": \"3+3=\", \"answer\": \"6\"}\n");
        Object[] sft = run("llm", "sft", "--data", train.toString(), "--out", tmp.resolve("sft").toString(), "--context", "8",
                "--d-model", "32", "--layers", "1", "--heads", "2", "--hp", "steps=120", "--hp", "batch_size=8", "--hp",
                "learning_rate=1e-2", "--hp", "eval_every=0");
        assertEquals(0, sft[0], (String) sft[1]);
        Path model = tmp.resolve("sft/model");
        assertTrue(Files.exists(model.resolve("config.json")) && Files.exists(model.resolve("model.safetensors"))
                && Files.exists(model.resolve("reins_tokenizer.json")));

        Object[] gen = run("llm", "generate", "--model", model.toString(), "--prompt", "2+2=", "--max-new-tokens", "3");
        assertEquals(0, gen[0], (String) gen[1]);
        assertTrue(((String) gen[1]).contains("2+2=4"), (String) gen[1]);
        Object[] beams = run("llm", "generate", "--model", model.toString(), "--prompt", "2+2=", "--beams", "3");
        assertTrue(((String) beams[1]).contains("2+2=4"), (String) beams[1]);

        Object[] eval = run("llm", "eval", "--model", model.toString(), "--data", test.toString(), "--pass-k", "2");
        assertEquals(0, eval[0], (String) eval[1]);
        JsonNode json = new ObjectMapper().readTree(model.resolve("eval.json").toFile());
        assertEquals(1.0, json.get("accuracy").asDouble());
        assertEquals(2, json.get("examples").asInt());
        assertTrue(json.has("pass_at_2"));

        Object[] grpo = run("llm", "grpo", "--model", model.toString(), "--data", test.toString(), "--eval-data", test.toString(),
                "--out", tmp.resolve("grpo").toString(), "--iterations", "2", "--eval-every", "1", "--max-new-tokens", "3",
                "--hp", "group_size=4", "--hp", "starts_per_iteration=2");
        assertEquals(0, grpo[0], (String) grpo[1]);
        assertTrue(Files.exists(tmp.resolve("grpo/grpo_curves.png")));
        assertTrue(Files.readString(tmp.resolve("grpo/grpo_log/metrics.csv")).lines().count() == 4);
    }

    @Test
    void conversationalSftGrpoAndEvalWithChatMlStops() throws Exception {
        Path chats = tmp.resolve("chats.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int a = 1; a <= 3; a++) {
            lines.append("{\"messages\": [{\"role\": \"user\", \"content\": \"").append(a).append("+").append(a)
                    .append("\"}, {\"role\": \"assistant\", \"content\": \"").append(2 * a).append("\"}]}\n");
        }
        Files.writeString(chats, lines.toString());
        Path prompts = tmp.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"prompt\": [{\"role\": \"user\", \"content\": \"1+1\"}], \"answer\": \"2\"}\n"
                + "{\"prompt\": [{\"role\": \"user\", \"content\": \"3+3\"}], \"answer\": \"6\"}\n");
        Object[] sft = run("llm", "sft", "--data", chats.toString(), "--out", tmp.resolve("chat-sft").toString(), "--context", "32",
                "--d-model", "32", "--layers", "2", "--heads", "2", "--hp", "steps=150", "--hp", "batch_size=8", "--hp",
                "learning_rate=1e-2", "--hp", "eval_every=0", "--gradient-checkpointing");
        assertEquals(0, sft[0], (String) sft[1]);
        Path model = tmp.resolve("chat-sft/model");
        // Conversational prompts stop at <|im_end|>: without it the eval would run on past the answer.
        Object[] eval = run("llm", "eval", "--model", model.toString(), "--data", prompts.toString(), "--out",
                tmp.resolve("chat-eval.json").toString());
        assertEquals(0, eval[0], (String) eval[1]);
        assertTrue(((String) eval[1]).contains("accuracy 1.0000"), (String) eval[1]);
        Object[] grpo = run("llm", "grpo", "--model", model.toString(), "--data", prompts.toString(), "--out",
                tmp.resolve("chat-grpo").toString(), "--iterations", "2", "--eval-every", "1", "--max-new-tokens", "3",
                "--temperature", "0.8", "--top-k", "5", "--hp", "group_size=4", "--hp", "starts_per_iteration=2",
                "--hp", "clip_high=0.28", "--hp", "aggregation=dr_grpo", "--hp", "self_imitation_coefficient=0.1", "--hp",
                "self_imitation_min_advantage=0.5");
        assertEquals(0, grpo[0], (String) grpo[1]);
        List<String> log = Files.readString(tmp.resolve("chat-grpo/grpo_log/metrics.csv")).lines().toList();
        assertEquals(3, log.size());
        assertTrue(log.get(0).contains("self_imitation_nll,self_imitation_buffer"), log.get(0));
        Object[] noRoom = run("llm", "grpo", "--model", model.toString(), "--data", prompts.toString(), "--out",
                tmp.resolve("chat-grpo-bad").toString(), "--iterations", "2", "--hp", "self_imitation_coefficient=0.1", "--hp",
                "self_imitation_batch=0");
        assertEquals(2, noRoom[0], (String) noRoom[1]);
        assertTrue(((String) noRoom[1]).contains("self_imitation_batch >= 1"), (String) noRoom[1]);
        assertFalse(Files.exists(tmp.resolve("chat-grpo-bad")), "nothing written");
        Object[] badStop = run("llm", "generate", "--model", model.toString(), "--prompt", "1+1", "--stop", "two tokens");
        assertEquals(2, badStop[0]);
        assertTrue(((String) badStop[1]).contains("stop token 'two tokens' is 10 tokens"), (String) badStop[1]);
    }

    @Test
    void sftStoppedAndResumedEqualsUninterrupted() throws Exception {
        Path train = tmp.resolve("train.jsonl");
        Files.writeString(train, "{\"prompt\": \"a:\", \"completion\": \"xy\"}\n{\"prompt\": \"b:\", \"completion\": \"yz\"}\n");
        String[] common = {"llm", "sft", "--data", train.toString(), "--context", "8", "--d-model", "16", "--layers", "1", "--heads",
            "2", "--hp", "steps=8", "--hp", "batch_size=4", "--hp", "eval_every=0"};
        Object[] straight = run(concat(common, "--out", tmp.resolve("a").toString()));
        assertEquals(0, straight[0], (String) straight[1]);
        Object[] first = run(concat(common, "--out", tmp.resolve("b").toString(), "--stop-at", "3"));
        assertEquals(0, first[0], (String) first[1]);
        Object[] resumed = run(concat(common, "--out", tmp.resolve("b").toString(), "--resume"));
        assertEquals(0, resumed[0], (String) resumed[1]);
        assertTrue(((String) resumed[1]).contains("resuming at step 3"), (String) resumed[1]);
        var straightWeights = dev.reins.llm.model.LanguageModel.load(tmp.resolve("a/model")).transformer().parameters();
        var resumedWeights = dev.reins.llm.model.LanguageModel.load(tmp.resolve("b/model")).transformer().parameters();
        for (var p : straightWeights.all()) {
            assertEquals(p.value(), resumedWeights.get(p.name()).value(), "resumed weights differ from uninterrupted ones: " + p.name());
        }
        assertEquals(9, Files.readAllLines(tmp.resolve("b/sft_log/metrics.csv")).size());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void malformedJsonlAndMissingModelsAreBadInput() throws Exception {
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "{\"prompt\": \"a\", \"completion\": \"b\"}\n{oops\n");
        Object[] r = run("llm", "sft", "--data", bad.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(Reins.BAD_INPUT, r[0]);
        assertTrue(((String) r[1]).contains("bad.jsonl:2:"), (String) r[1]);
        r = run("llm", "eval", "--model", tmp.resolve("nope").toString(), "--data", bad.toString());
        assertEquals(Reins.BAD_INPUT, r[0]);
        assertTrue(((String) r[1]).contains("does not exist"), (String) r[1]);
    }
}
