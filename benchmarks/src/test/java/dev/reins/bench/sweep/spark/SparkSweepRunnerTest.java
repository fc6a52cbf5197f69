package dev.reins.bench.sweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.bench.experiment.RunPool;
import dev.reins.bench.experiment.RunSummary;
import dev.reins.bench.sweep.SweepPlan;
import dev.reins.bench.sweep.SweepSpec;
import dev.reins.bench.sweep.SweepTrial;
import dev.reins.core.config.Configs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark backend in local[2]: the same trials as the local runner, and a task killed mid-trial is retried. */
class SparkSweepRunnerTest {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    private static List<SweepTrial> trials() {
        return SweepPlan.trials(SweepSpec.parse(Configs.readYamlTree("""
                base: {algo: q-learning, env: FrozenLake-v1, steps: 3000, eval_episodes: 20}
                grid: {learning_rate: [0.5, 0.1]}
                seeds: [0, 1]
                """, "test"), "test"));
    }

    private static List<String> metrics(Path run) throws IOException {
        // Every column but wall_seconds (the second).
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(line -> {
            String[] cells = line.split(",", -1);
            return cells[0] + "," + String.join(",", java.util.Arrays.copyOfRange(cells, 2, cells.length));
        }).toList();
    }

    @Test
    void sparkTasksGiveTheLocalRunnersResultsAndARetriedTaskChangesNothing(@TempDir Path tmp) throws Exception {
        List<SweepTrial> trials = trials();
        Path local = tmp.resolve("local");
        List<RunSummary> expected = RunPool.run(trials.stream().map(t -> new RunPool.Job(t.config(), t.folder(local), "t")).toList(),
                1, QUIET);

        // Trial 2's first attempt trains part of its run, then its executor "dies": Spark retries the task (local[2, 2]:
        // two attempts per task), which clears the partial folder and trains it again.
        Path spark = tmp.resolve("spark");
        String victim = trials.get(2).folder(spark).toAbsolutePath().toString();
        SparkSweepRunner.TrialTask failingOnce = (config, folder) -> {
            if (folder.toString().equals(victim) && TaskContext.get().attemptNumber() == 0) {
                Files.createDirectories(folder);
                Files.writeString(folder.resolve("metrics.csv"), "step,wall_seconds\n1,0.1\n"); // what a killed run leaves
                throw new IllegalStateException("simulated executor loss in the middle of " + folder);
            }
            return RunPool.trainOrReuse(config, folder);
        };
        List<RunSummary> got = SparkSweepRunner.run(trials, spark, "local[2,2]", failingOnce, QUIET);

        assertEquals(trials.size(), got.size());
        for (int i = 0; i < trials.size(); i++) {
            assertEquals(expected.get(i).eval(), got.get(i).eval(), "trial " + i);
            assertEquals(metrics(trials.get(i).folder(local)), metrics(trials.get(i).folder(spark)), "trial " + i + " metrics");
        }
        assertTrue(Files.isRegularFile(Path.of(victim).resolve("summary.json")));
    }
}
