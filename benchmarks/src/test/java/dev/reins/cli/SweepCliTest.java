package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reins.core.config.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reins sweep} end to end on a small tabular sweep. */
class SweepCliTest {
    private static final String SWEEP = """
            base: {algo: q-learning, env: FrozenLake-v1, steps: 3000, eval_episodes: 20}
            grid: {learning_rate: [0.5, 0.1], gamma: [0.99, 0.9]}
            seeds: [0, 1]
            """;

    @Test
    void trialsAreNormalRunsEqualToTrainingThemOneByOneAndARerunContinues(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("sweep.yaml");
        Files.writeString(file, SWEEP);
        Path out = tmp.resolve("sweep");
        Object[] r = CliRun.run("sweep", "--config", file.toString(), "--out", out.toString(), "--parallel", "2");
        assertEquals(0, r[0], (String) r[1]);
        JsonNode results = Configs.json().readTree(Files.readString(out.resolve("results.json")));
        assertEquals(8, results.size());
        assertTrue(Files.isRegularFile(out.resolve("results.md")));
        assertTrue(Files.size(out.resolve("learning_curves.png")) > 1000);
        JsonNode trial = results.get(7); // config 3 = {learning_rate: 0.1, gamma: 0.9}, seed 1
        assertEquals(3, trial.get("config_index").asInt());
        assertEquals(0.1, trial.get("hyperparameters").get("learning_rate").asDouble());
        assertEquals(0.9, trial.get("hyperparameters").get("gamma").asDouble());
        assertEquals(1, trial.get("seed").asInt());
        assertEquals("trials/config-3/seed-1", trial.get("run_dir").asText());

        // The same trial trained alone by 'reins train' gives the same run, bit for bit.
        Path alone = tmp.resolve("alone");
        Object[] t = CliRun.run("train", "--algo", "q-learning", "--env", "FrozenLake-v1", "--steps", "3000", "--eval-episodes", "20",
                "--seed", "1", "--hp", "learning_rate=0.1", "--hp", "gamma=0.9", "--out", alone.toString(), "--no-progress");
        assertEquals(0, t[0], (String) t[1]);
        assertEquals(CliRun.metricsWithoutWallTime(alone), CliRun.metricsWithoutWallTime(out.resolve("trials/config-3/seed-1")));
        JsonNode summary = Configs.json().readTree(Files.readString(alone.resolve("summary.json")));
        assertEquals(summary.get("eval").get("mean_return").asDouble(), trial.get("eval_mean_return").asDouble());

        // Rerunning continues: finished trials are not trained again, a cut-off one is.
        Path cut = out.resolve("trials/config-1/seed-0");
        Files.delete(cut.resolve("summary.json"));
        long untouched = Files.getLastModifiedTime(out.resolve("trials/config-0/seed-0/summary.json")).toMillis();
        Object[] again = CliRun.run("sweep", "--config", file.toString(), "--out", out.toString(), "--parallel", "1");
        assertEquals(0, again[0], (String) again[1]);
        assertEquals(untouched, Files.getLastModifiedTime(out.resolve("trials/config-0/seed-0/summary.json")).toMillis());
        assertTrue(Files.isRegularFile(cut.resolve("summary.json")));
        JsonNode continued = Configs.json().readTree(Files.readString(out.resolve("results.json")));
        assertEquals(withoutWallTimes(results), withoutWallTimes(continued), "the same results after continuing");
    }

    @Test
    void aSparkSweepInLocalModeGivesTheSameResults(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("sweep.yaml");
        Files.writeString(file, SWEEP);
        Object[] local = CliRun.run("sweep", "--config", file.toString(), "--out", tmp.resolve("local").toString(), "--parallel", "1");
        assertEquals(0, local[0], (String) local[1]);
        Object[] spark = CliRun.run("sweep", "--config", file.toString(), "--out", tmp.resolve("spark").toString(), "--spark", "local[2]");
        assertEquals(0, spark[0], (String) spark[1]);
        assertEquals(withoutWallTimes(Configs.json().readTree(Files.readString(tmp.resolve("local/results.json")))),
                withoutWallTimes(Configs.json().readTree(Files.readString(tmp.resolve("spark/results.json")))));

        Object[] both = CliRun.run("sweep", "--config", file.toString(), "--out", tmp.resolve("x").toString(), "--spark", "local[2]",
                "--parallel", "2");
        assertEquals(2, both[0]);
        assertTrue(((String) both[1]).contains("--parallel and --spark"), (String) both[1]);
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    private static JsonNode withoutWallTimes(JsonNode list) {
        JsonNode copy = list.deepCopy();
        copy.forEach(n -> ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("wall_seconds"));
        return copy;
    }

    @Test
    void badInputIsOneLineExitTwoAndWritesNothing(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, SWEEP.replace("gamma:", "gama:"));
        Path out = tmp.resolve("never");
        Object[] r = CliRun.run("sweep", "--config", file.toString(), "--out", out.toString());
        assertEquals(2, r[0]);
        String text = ((String) r[1]).strip();
        assertTrue(text.startsWith("reins: ") && text.contains("gama") && !text.contains("\n\tat "), text);
        assertFalse(Files.exists(out), "nothing written");

        Files.writeString(file, SWEEP);
        for (String master : new String[] {"spark://no-such-host.invalid:7077", "spark://127.0.0.1:1", "locl[2]", "local[0]"}) {
            r = CliRun.run("sweep", "--config", file.toString(), "--out", out.toString(), "--spark", master);
            assertEquals(2, r[0], master);
            text = ((String) r[1]).strip();
            assertTrue(text.startsWith("reins: --spark " + master) && !text.contains("\n"), text);
            assertFalse(Files.exists(out), "nothing written for " + master);
        }

        Files.writeString(file, SWEEP.replace("gamma: [0.99, 0.9]", "gamma: []"));
        r = CliRun.run("sweep", "--config", file.toString(), "--out", out.toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("grid.gamma must be a non-empty list"), (String) r[1]);
        assertFalse(Files.exists(out));

        // A folder holding another sweep is not overwritten.
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("sweep.yaml"), "base: {algo: ppo, env: CartPole-v1}\n");
        Files.writeString(file, SWEEP);
        r = CliRun.run("sweep", "--config", file.toString(), "--out", other.toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("holds another sweep"), (String) r[1]);
        assertEquals("base: {algo: ppo, env: CartPole-v1}\n", Files.readString(other.resolve("sweep.yaml")));
    }
}
