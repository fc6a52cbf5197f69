package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reins.bench.experiment.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --eval-every} keeps the best checkpoint; a diverging run stops with its diagnosis and keeps the last good one. */
class BestAndDivergenceCliTest {
    @TempDir
    Path tmp;

    @Test
    void theBestPeriodicEvaluationIsKeptAndEvaluatedWithBest() throws Exception {
        Path run = tmp.resolve("run");
        Object[] r = CliRun.run("train", "--algo", "q-learning", "--env", "CliffWalking-v1", "--steps", "6000", "--eval-every", "500",
                "--eval-episodes", "1", "--no-progress", "--out", run.toString());
        assertEquals(0, r[0], (String) r[1]);
        ObjectMapper json = new ObjectMapper();
        double bestLogged = Double.NEGATIVE_INFINITY;
        long bestStep = -1;
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode row = json.readTree(line);
            if (row.has("eval_mean_return") && row.get("eval_mean_return").asDouble() > bestLogged) {
                bestLogged = row.get("eval_mean_return").asDouble();
                bestStep = row.get("step").asLong();
            }
        }
        JsonNode best = json.readTree(run.resolve("best/best_eval.json").toFile());
        assertEquals(bestLogged, best.get("mean_return").asDouble(), "the first of the best periodic evaluations");
        assertEquals(bestStep, best.get("step").asLong());
        assertEquals(best.toString(), json.readTree(run.resolve("summary.json").toFile()).get("best").toString());
        assertEquals(bestStep, stepsOf(run, true));

        Object[] e = CliRun.run("eval", "--run", run.toString(), "--best", "--episodes", "1");
        assertEquals(0, e[0], (String) e[1]);
        assertEquals(bestStep, json.readTree(run.resolve("eval_best.json").toFile()).get("steps").asLong());
        Object[] frames = CliRun.run("render", "--policy", run.toString(), "--best", "--max-steps", "5", "--out",
                tmp.resolve("frames").toString());
        assertEquals(0, frames[0], (String) frames[1]);
        assertTrue(Files.exists(tmp.resolve("frames/frame-00000.png")));
    }

    @Test
    void aDivergedRunStopsWithItsDiagnosisAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path config = tmp.resolve("tight.yaml");
        // A bound no DQN loss stays under: divergence as soon as learning starts, deterministically.
        Files.writeString(config, "algo: dqn\nenv: CartPole-v1\nsteps: 3000\neval_episodes: 3\ncheckpoint_every: 100\n"
                + "divergence_bound: 1.0e-9\nhyperparameters: {learning_starts: 250, train_frequency: 4, hidden: [8]}\n");
        Path run = tmp.resolve("diverged");
        Object[] r = CliRun.run("train", "--config", config.toString(), "--no-progress", "--out", run.toString());
        assertEquals(1, r[0], (String) r[1]);
        List<String> errors = ((String) r[1]).lines().filter(l -> l.startsWith("reins:")).toList();
        assertEquals(1, errors.size(), (String) r[1]);
        assertTrue(errors.get(0).contains("training diverged: loss = ") && errors.get(0).contains("(beyond ±1e-09, divergence_bound)")
                && errors.get(0).contains("the last good checkpoint kept"), errors.get(0));
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        assertEquals("diverged", summary.get("stop_reason").asText());
        assertFalse(summary.get("completed").asBoolean());
        assertTrue(summary.get("eval").isNull(), "a diverged policy is not evaluated");
        long divergedAt = Long.parseLong(summary.get("diagnosis").asText().replaceAll(".* at step (\\d+) .*", "$1"));
        long kept = stepsOf(run, false);
        assertTrue(kept < divergedAt && kept >= 200, "the checkpoint before the divergence (" + kept + " < " + divergedAt + ")");
    }

    /** The env steps of the run's last (or best) checkpoint. */
    private static long stepsOf(Path run, boolean best) {
        TrainingRun loaded = TrainingRun.prepare(TrainingRun.readConfig(run));
        loaded.loadCheckpoint(run, best);
        return loaded.algorithm().stepsDone();
    }
}
