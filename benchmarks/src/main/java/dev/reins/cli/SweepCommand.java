package dev.reins.cli;

import dev.reins.bench.experiment.RunSummary;
import dev.reins.bench.sweep.SweepPlan;
import dev.reins.bench.sweep.SweepReport;
import dev.reins.bench.sweep.SweepRunner;
import dev.reins.bench.sweep.SweepSpec;
import dev.reins.bench.sweep.SweepTrial;
import dev.reins.core.checkpoint.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins sweep}: a grid or random search over hyperparameters × seeds, each trial a run folder, then a ranked report. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train every configuration of a sweep file with every seed, each trial a normal run folder",
            "(DIR/trials/config-I/seed-S), then write DIR/results.md (ranked by mean evaluation over seeds),",
            "DIR/results.json and DIR/learning_curves.png. Rerunning the command continues an interrupted sweep."})
final class SweepCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "Sweep file: base (a run config), grid or random, seeds (see the README).")
    Path configFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Sweep folder (created; an existing one must "
            + "hold the same sweep, which then continues).")
    Path out;

    @Option(names = "--parallel", description = "Trials trained at once (default: the machine's cores).")
    Integer parallel;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run the trials as Apache Spark tasks on MASTER, e.g. "
            + "local[2] (or local[2,4]: 4 attempts per task), or a cluster's master under spark-submit (see the README).")
    String spark;

    @Override
    public Integer call() throws Exception {
        SweepSpec spec = SweepSpec.read(configFile);
        List<SweepTrial> trials = SweepPlan.trials(spec); // every trial is checked before anything is written
        int workers = parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
        if (workers <= 0) {
            throw new IllegalArgumentException("--parallel must be > 0, got " + workers);
        }
        if (spark != null) {
            if (parallel != null) {
                throw new IllegalArgumentException("--parallel and --spark " + spark + " both set the parallelism; with --spark "
                        + "the master says it (local[N])");
            }
            SparkMaster.check(spark);
        }
        String text = Files.readString(configFile);
        claim(text);
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve("sweep.yaml"), text);
        System.out.printf(Locale.ROOT, "sweep: %d trials (%d configurations × %d seeds) of %s on %s, %s -> %s%n",
                trials.size(), trials.size() / spec.seeds().size(), spec.seeds().size(), spec.base().algo(), spec.base().env(),
                spark != null ? "Spark master " + spark : workers + " at a time", out);
        List<RunSummary> summaries = spark != null
                ? dev.reins.bench.sweep.spark.SparkSweepRunner.run(trials, out, spark, System.out)
                : SweepRunner.run(trials, out, workers, System.out);
        String command = "reins sweep --config " + configFile + " --out " + out
                + (spark != null ? " --spark " + spark : parallel != null ? " --parallel " + parallel : "");
        List<SweepReport.ConfigResult> ranked = SweepReport.write(out, spec, trials, summaries, command);
        SweepReport.ConfigResult best = ranked.get(0);
        System.out.printf(Locale.ROOT, "best: config %d %s, evaluation %.1f ± %.1f over %d seeds%n", best.configIndex(), best.values(),
                best.mean(), best.std(), best.perSeed().size());
        System.out.println("wrote " + out.resolve("results.md") + ", results.json, learning_curves.png");
        return 0;
    }

    /** A new or empty folder, or one holding this very sweep (to continue it); anything else is refused, naming why. */
    private void claim(String text) throws java.io.IOException {
        OutputDirectory.requireNoFileOnTheWay(out, "--out");
        if (!Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a directory");
        }
        if (OutputDirectory.isEmpty(out)) {
            return;
        }
        Path stored = out.resolve("sweep.yaml");
        if (!Files.isRegularFile(stored)) {
            throw new IllegalArgumentException("--out " + out + " is not empty and holds no sweep.yaml; choose another --out");
        }
        if (!Files.readString(stored).equals(text)) {
            throw new IllegalArgumentException("--out " + out + " holds another sweep (its sweep.yaml differs from " + configFile
                    + "); choose another --out to start this one");
        }
    }
}
