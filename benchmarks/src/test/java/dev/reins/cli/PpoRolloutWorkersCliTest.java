package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reins.core.config.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reins train --algo ppo --rollout-workers N [--spark MASTER]}: one run on threads and on Spark, resumable. */
class PpoRolloutWorkersCliTest {
    @TempDir
    Path tmp;

    private Object[] train(String out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--algo", "ppo", "--env", "CartPole-v1", "--steps", "2048", "--seed", "3",
                "--eval-episodes", "5", "--no-progress", "--out", tmp.resolve(out).toString()));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    /** metrics.csv without its timing columns. */
    private List<String> metrics(String run) throws Exception {
        List<String> lines = Files.readAllLines(tmp.resolve(run).resolve("metrics.csv"));
        String[] header = lines.get(0).split(",", -1);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            StringBuilder kept = new StringBuilder();
            for (int i = 0; i < header.length; i++) {
                if (!header[i].contains("second")) {
                    kept.append(cells[i]).append(',');
                }
            }
            out.add(kept.toString());
        }
        return out;
    }

    @Test
    void twoWorkersOnSparkTrainAsTwoOnThreadsAndAStoppedRunResumesExactly() throws Exception {
        Object[] threads = train("threads", "--rollout-workers", "2");
        assertEquals(0, threads[0], (String) threads[1]);
        Object[] spark = train("spark", "--rollout-workers", "2", "--spark", "local[2]");
        assertEquals(0, spark[0], (String) spark[1]);
        assertEquals(metrics("threads"), metrics("spark"));
        assertTrue(metrics("spark").size() > 5, "episodes logged");

        Object[] stopped = train("resumed", "--rollout-workers", "2", "--stop-at", "1024");
        assertEquals(0, stopped[0], (String) stopped[1]);
        Object[] without = CliRun.run("train", "--resume", tmp.resolve("resumed").toString(), "--no-progress");
        assertEquals(2, without[0], (String) without[1]);
        assertTrue(((String) without[1]).contains("checkpointed with 2 rollout workers"), (String) without[1]);
        Object[] resumed = CliRun.run("train", "--resume", tmp.resolve("resumed").toString(), "--no-progress", "--rollout-workers", "2");
        assertEquals(0, resumed[0], (String) resumed[1]);
        assertEquals(metrics("threads"), metrics("resumed"));
        Map<String, byte[]> straight = entries(tmp.resolve("threads/checkpoint.zip"));
        Map<String, byte[]> continued = entries(tmp.resolve("resumed/checkpoint.zip"));
        assertEquals(straight.keySet(), continued.keySet());
        straight.forEach((name, bytes) -> {
            if (!name.equals("run.progress")) { // wall-clock time
                assertArrayEquals(bytes, continued.get(name), name);
            }
        });
    }

    /** Every checkpoint entry's bytes by name. */
    private static Map<String, byte[]> entries(Path checkpoint) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (ZipFile zip = new ZipFile(checkpoint.toFile())) {
            JsonNode manifest = Configs.json().readTree(zip.getInputStream(zip.getEntry("manifest.json")));
            for (var it = manifest.path("entries").fields(); it.hasNext(); ) {
                var e = it.next();
                files.put(e.getKey(), zip.getInputStream(zip.getEntry(e.getValue().path("file").asText())).readAllBytes());
            }
        }
        return files;
    }

    @Test
    void workersForAnAlgorithmWithoutThemOrSparkWithoutWorkersAreOneLineAndWriteNothing() throws Exception {
        String[][] cases = {
            {"train", "--algo", "dqn", "--env", "CartPole-v1", "--rollout-workers", "2"},
            {"train", "--algo", "ppo", "--env", "CartPole-v1", "--spark", "local[2]"},
            {"train", "--algo", "ppo", "--env", "CartPole-v1", "--rollout-workers", "0"},
            {"train", "--algo", "ppo", "--env", "CartPole-v1", "--rollout-workers", "9"}};
        for (String[] c : cases) {
            String[] args = Arrays.copyOf(c, c.length + 2);
            args[c.length] = "--out";
            args[c.length + 1] = tmp.resolve("never").toString();
            Object[] r = CliRun.run(args);
            assertEquals(2, r[0], String.join(" ", c) + ": " + r[1]);
            String[] lines = ((String) r[1]).strip().split("\n");
            String last = lines[lines.length - 1];
            assertTrue(last.startsWith("reins: ") && (lines.length == 1 || lines[0].startsWith("using the zoo's")), r[1].toString());
            assertFalse(Files.exists(tmp.resolve("never")), String.join(" ", c));
        }
    }
}
