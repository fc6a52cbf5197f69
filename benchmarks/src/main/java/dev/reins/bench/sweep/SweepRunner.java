package dev.reins.bench.sweep;

import dev.reins.bench.experiment.RunPool;
import dev.reins.bench.experiment.RunSummary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains a sweep's trials locally, {@code parallel} at a time, each into {@link SweepTrial#folder}; trials whose folder
 * holds a finished run are not trained again, so rerunning a sweep continues it.
 *
 * <pre>{@code
 * List<RunSummary> summaries = SweepRunner.run(SweepPlan.trials(spec), Path.of("sweeps/ppo"), 2, System.out);
 * }</pre>
 */
public final class SweepRunner {
    private SweepRunner() {}

    /** The trials' summaries in trial order. */
    public static List<RunSummary> run(List<SweepTrial> trials, Path root, int parallel, PrintStream out) {
        List<RunPool.Job> jobs = trials.stream().map(t -> new RunPool.Job(t.config(), t.folder(root), t.label())).toList();
        return RunPool.run(jobs, parallel, out);
    }
}
