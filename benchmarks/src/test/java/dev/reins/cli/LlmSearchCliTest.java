package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reins llm prm} and {@code reins llm search} end to end on a model small enough to train in seconds. */
class LlmSearchCliTest {
    @TempDir
    Path tmp;

    @Test
    void aProcessRewardModelFromRolloutsScoresSearchesOfEveryMethod() throws Exception {
        Path train = tmp.resolve("train.jsonl");
        Files.writeString(train, "{\"prompt\": \"1+1=\", \"completion\": \"2\"}\n{\"prompt\": \"2+2=\", \"completion\": \"4\"}\n"
                + "{\"prompt\": \"3+3=\", \"completion\": \"6\"}\n");
        Path prompts = tmp.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"prompt\": \"1+1=\", \"answer\": \"2\"}\n{\"prompt\": \"2+2=\", \"answer\": \"4\"}\n"
                + "{\"prompt\": \"3+3=\", \"answer\": \"6\"}\n");
        Object[] sft = CliRun.run("llm", "sft", "--data", train.toString(), "--out", tmp.resolve("sft").toString(), "--context", "8",
                "--d-model", "16", "--layers", "1", "--heads", "2", "--hp", "steps=60", "--hp", "batch_size=8", "--hp",
                "learning_rate=1e-2", "--hp", "eval_every=0");
        assertEquals(0, sft[0], (String) sft[1]);
        Path model = tmp.resolve("sft/model");

        Object[] prm = CliRun.run("llm", "prm", "--model", model.toString(), "--data", prompts.toString(), "--eval-data",
                prompts.toString(), "--out", tmp.resolve("prm").toString(), "--max-new-tokens", "3", "--hp", "steps=20", "--hp",
                "batch_size=8", "--hp", "samples_per_prompt=2", "--hp", "rollouts_per_step=2", "--hp", "eval_every=10");
        assertEquals(0, prm[0], (String) prm[1]);
        assertTrue(((String) prm[1]).contains("held-out steps: loss"), (String) prm[1]);

        Path out = tmp.resolve("search.json");
        Object[] search = CliRun.run("llm", "search", "--model", model.toString(), "--data", prompts.toString(), "--method",
                "greedy,best-of-n,beam,mcts", "--budget", "1,4", "--prm", tmp.resolve("prm/model").toString(), "--max-new-tokens", "3",
                "--out", out.toString());
        assertEquals(0, search[0], (String) search[1]);
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(7, json.get("results").size(), "greedy once, three methods at two budgets");
        for (JsonNode r : json.get("results")) {
            assertEquals(3, r.get("total").asInt());
            assertTrue(r.get("policy_forwards").asDouble() >= 1, r.toString());
        }
        assertTrue(Files.exists(tmp.resolve("search.png")));

        Object[] oracle = CliRun.run("llm", "search", "--model", model.toString(), "--data", prompts.toString(), "--method", "mcts",
                "--budget", "8", "--value", "verifier", "--max-new-tokens", "3", "--out", tmp.resolve("oracle.json").toString());
        assertEquals(0, oracle[0], (String) oracle[1]);
        assertFalse(Files.exists(tmp.resolve("oracle.png")), "one budget: no curve");
    }

    @Test
    void badSearchInputIsOneLine() throws Exception {
        Path prompts = tmp.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"prompt\": \"1+1=\", \"answer\": \"2\"}\n");
        String[][] cases = {
            {"--method", "mcts", "--budget", "0", "--value", "verifier"},
            {"--method", "mcts", "--budget", "x", "--value", "verifier"},
            {"--method", "dfs", "--value", "verifier"},
            {"--method", "mcts"},
            {"--method", "mcts", "--value", "oracle"},
            {"--method", "mcts", "--value", "verifier", "--prm", tmp.toString()},
            {"--method", "mcts", "--value", "verifier", "--top-k", "0"}};
        String[] expected = {"--budget must be > 0, got 0", "--budget 'x' is not a whole number", "--method 'dfs' is not one of greedy, "
            + "best-of-n, beam, mcts", "need a value: --prm DIR", "--value 'oracle' is not 'verifier'", "not both", "top_k > 0"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 7];
            System.arraycopy(new String[] {"llm", "search", "--model", tmp.resolve("missing").toString(), "--data", prompts.toString()}, 0,
                    args, 0, 6);
            System.arraycopy(cases[i], 0, args, 6, cases[i].length);
            args[args.length - 1] = "--out=" + tmp.resolve("bad" + i + ".json");
            Object[] r = CliRun.run(args);
            assertEquals(Reins.BAD_INPUT, r[0], (String) r[1]);
            assertTrue(((String) r[1]).contains(expected[i]) && ((String) r[1]).strip().lines().count() == 1, (String) r[1]);
            assertFalse(Files.exists(tmp.resolve("bad" + i + ".json")));
        }
    }
}
