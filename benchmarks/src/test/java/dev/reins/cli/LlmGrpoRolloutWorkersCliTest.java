package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reins.core.config.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reins llm grpo --rollout-workers N [--spark MASTER]} on the tiny Hugging Face fixture. */
class LlmGrpoRolloutWorkersCliTest {
    private static final Path HF_MODEL = Path.of("../llm-env/src/test/resources/gpt2-tiny");

    @TempDir
    Path tmp;

    private Object[] grpo(String out, String... extra) throws Exception {
        Path data = tmp.resolve("data.jsonl");
        Files.writeString(data, "{\"prompt\": \"1+1=\", \"answer\": \"2\"}\n{\"prompt\": \"2+2=\", \"answer\": \"4\"}\n"
                + "{\"prompt\": \"3+1=\", \"answer\": \"4\"}\n");
        List<String> args = new ArrayList<>(List.of("llm", "grpo", "--model", HF_MODEL.toString(), "--data", data.toString(), "--out",
                tmp.resolve(out).toString(), "--iterations", "3", "--eval-every", "3", "--max-new-tokens", "2", "--hp", "group_size=4",
                "--hp", "starts_per_iteration=3", "--hp", "minibatch_size=6", "--hp", "entropy_coefficient=0.05", "--seed", "5"));
        // The random fixture rarely answers right; the entropy bonus makes every round update the weights.
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    /** The metrics rows without the timing columns. */
    private List<JsonNode> metrics(String out) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(tmp.resolve(out).resolve("grpo_log/metrics.jsonl"))) {
            ObjectNode row = (ObjectNode) Configs.json().readTree(line);
            row.remove(List.of("wall_seconds", "sample_tokens_per_second", "train_tokens_per_second"));
            rows.add(row);
        }
        return rows;
    }

    @Test
    void twoSparkWorkersGiveTheRunOfTwoLocalWorkersAndOneWorkerTheLearnersOwn() throws Exception {
        Object[] one = grpo("one");
        assertEquals(0, one[0], (String) one[1]);
        Object[] oneWorker = grpo("one-worker", "--rollout-workers", "1", "--spark", "local[1]");
        assertEquals(0, oneWorker[0], (String) oneWorker[1]);
        Object[] local = grpo("local", "--rollout-workers", "2");
        assertEquals(0, local[0], (String) local[1]);
        Object[] spark = grpo("spark", "--rollout-workers", "2", "--spark", "local[2]");
        assertEquals(0, spark[0], (String) spark[1]);

        assertEquals(metrics("one"), metrics("one-worker"));
        assertEquals(metrics("local"), metrics("spark"));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("local/model/model.safetensors")),
                Files.readAllBytes(tmp.resolve("spark/model/model.safetensors")));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("one/model/model.safetensors")),
                Files.readAllBytes(tmp.resolve("one-worker/model/model.safetensors")));
        assertEquals(3, metrics("spark").size());
        assertTrue(metrics("spark").stream().allMatch(r -> r.get("grad_norm").asDouble() > 0), "every round updated the weights");
        assertFalse(metrics("one").equals(metrics("local")), "worker 1 samples from its own stream");
    }

    @Test
    void badWorkerCountsAndMastersAreOneLineAndWriteNothing() throws Exception {
        String[][] cases = {{"--rollout-workers", "0"}, {"--rollout-workers", "2", "--spark", "spark://127.0.0.1:1"}};
        for (String[] c : cases) {
            Object[] r = grpo("never", c);
            assertEquals(2, r[0], String.join(" ", c));
            String text = ((String) r[1]).strip();
            assertTrue(text.startsWith("reins: --") && !text.contains("\n"), text);
            assertFalse(Files.exists(tmp.resolve("never")));
        }
    }
}
