package dev.reins.bench.suite;

import dev.reins.bench.experiment.RunSummary;
import dev.reins.bench.experiment.TrainingRun;
import dev.reins.core.config.Configs;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Trains a suite's runs, {@code parallel} at a time in this JVM, each into its own run folder. A run whose folder has a
 * {@code summary.json} is finished and is not trained again, so an interrupted suite resumes where it stopped; a folder
 * without one (a run cut off mid-way) is cleared and trained from the start.
 *
 * <pre>{@code
 * List<RunSummary> done = SuiteRunner.run(ClassicSuite.plan(5, List.of(), List.of(), false), Path.of("bench"), 2, System.out);
 * }</pre>
 */
public final class SuiteRunner {
    private SuiteRunner() {}

    /** Runs (or reuses) every run of {@code plan} under {@code root}; returns their summaries in plan order. */
    public static List<RunSummary> run(List<SuiteRun> plan, Path root, int parallel, PrintStream out) {
        if (parallel <= 0) {
            throw new IllegalArgumentException("--parallel must be > 0, got " + parallel);
        }
        AtomicInteger finished = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<RunSummary>> futures = new ArrayList<>();
            for (SuiteRun run : plan) {
                futures.add(pool.submit(() -> {
                    RunSummary summary = runOne(run, root);
                    synchronized (out) {
                        out.printf(Locale.ROOT, "[%d/%d] %-10s %-26s seed %d: %s%n", finished.incrementAndGet(), plan.size(), run.algo(),
                                run.env(), run.seed(), describe(summary));
                    }
                    return summary;
                }));
            }
            List<RunSummary> summaries = new ArrayList<>();
            for (Future<RunSummary> f : futures) {
                summaries.add(f.get());
            }
            return summaries;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the suite was interrupted; run it again to continue", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static RunSummary runOne(SuiteRun run, Path root) throws IOException {
        Path dir = run.folder(root);
        Path summary = dir.resolve(TrainingRun.SUMMARY);
        if (Files.isRegularFile(summary)) {
            return read(summary);
        }
        if (Files.exists(dir)) {
            deleteTree(dir); // cut off before it finished: start it again
        }
        TrainingRun training = TrainingRun.prepare(run.config());
        return training.execute(dir, new TrainingRun.RunOptions(false, Long.MAX_VALUE), new PrintStream(PrintStream.nullOutputStream()));
    }

    /** A run folder's summary. */
    public static RunSummary read(Path summary) {
        try {
            return Configs.json().readValue(Files.readString(summary), RunSummary.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + summary, e);
        }
    }

    private static String describe(RunSummary s) {
        String eval = s.eval() == null ? "no evaluation" : String.format(Locale.ROOT, "%.1f ± %.1f", s.eval().meanReturn(), s.eval().stdReturn());
        return String.format(Locale.ROOT, "%s (%d steps, %.0f s, %.0f steps/s)", eval, s.steps(), s.wallSeconds(), s.envStepsPerSecond());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
