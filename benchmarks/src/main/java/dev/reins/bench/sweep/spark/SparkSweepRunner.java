package dev.reins.bench.sweep.spark;

import dev.reins.bench.experiment.RunConfig;
import dev.reins.bench.experiment.RunPool;
import dev.reins.bench.experiment.RunSummary;
import dev.reins.bench.sweep.SweepTrial;
import dev.reins.core.config.Configs;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains a sweep's trials as Spark tasks, one partition per trial, on {@code master} ({@code local[N]}, or a cluster's
 * URL under {@code spark-submit}). A task trains into the trial's folder on a file system every executor sees (a local
 * folder for {@code local[N]}; a shared one on a cluster) and returns the run's summary. Seeds make each trial
 * deterministic and a task first clears what an earlier attempt left, so a task that Spark retries after an
 * executor loss gives the same result; folders that already hold a finished run are kept, as locally.
 *
 * <pre>{@code
 * List<RunSummary> summaries = SparkSweepRunner.run(trials, Path.of("sweeps/ppo"), "local[2]", System.out);
 * }</pre>
 */
public final class SparkSweepRunner {
    private SparkSweepRunner() {}

    /** What one task does with its trial: train it into its folder (or reuse a finished one). */
    @FunctionalInterface
    public interface TrialTask extends Serializable {
        RunSummary train(RunConfig config, Path folder) throws IOException;
    }

    /** Runs every trial with {@link RunPool#trainOrReuse}. */
    public static List<RunSummary> run(List<SweepTrial> trials, Path root, String master, PrintStream out) {
        return run(trials, root, master, RunPool::trainOrReuse, out);
    }

    /** Runs every trial with {@code task} (tests inject failures through it). */
    public static List<RunSummary> run(List<SweepTrial> trials, Path root, String master, TrialTask task, PrintStream out) {
        List<String> configs = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            configs.add(Configs.toJson(trials.get(i).config()));
            folders.add(trials.get(i).folder(root).toAbsolutePath().toString());
            indices.add(i);
        }
        try (JavaSparkContext spark = dev.reins.bench.spark.SparkContexts.start(master, "reins sweep")) {
            List<String> results = spark.parallelize(indices, Math.max(1, indices.size())).map(i -> {
                RunConfig config = Configs.json().readValue(configs.get(i), RunConfig.class);
                RunSummary summary = task.train(config, Path.of(folders.get(i)));
                return Configs.toJson(summary);
            }).collect();
            List<RunSummary> summaries = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                RunSummary s = Configs.json().readValue(results.get(i), RunSummary.class);
                summaries.add(s);
                out.printf(Locale.ROOT, "[%d/%d] %s: %s%n", i + 1, trials.size(), trials.get(i).label(), RunPool.describe(s));
            }
            return summaries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a trial's summary back from Spark", e);
        }
    }
}
