package dev.reins.bench.suite;

import dev.reins.bench.experiment.RunPool;
import dev.reins.bench.experiment.RunSummary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains a suite's runs, {@code parallel} at a time in this JVM, each into its own run folder, through {@link RunPool}:
 * an interrupted suite resumes where it stopped.
 *
 * <pre>{@code
 * List<RunSummary> done = SuiteRunner.run(ClassicSuite.plan(5, List.of(), List.of(), false), Path.of("bench"), 2, System.out);
 * }</pre>
 */
public final class SuiteRunner {
    private SuiteRunner() {}

    /** Runs (or reuses) every run of {@code plan} under {@code root}; returns their summaries in plan order. */
    public static List<RunSummary> run(List<SuiteRun> plan, Path root, int parallel, PrintStream out) {
        List<RunPool.Job> jobs = plan.stream().map(run -> new RunPool.Job(run.config(), run.folder(root),
                String.format(Locale.ROOT, "%-10s %-26s seed %d", run.algo(), run.env(), run.seed()))).toList();
        return RunPool.run(jobs, parallel, out);
    }

    /** A run folder's summary. */
    public static RunSummary read(Path summary) {
        return RunPool.read(summary);
    }
}
