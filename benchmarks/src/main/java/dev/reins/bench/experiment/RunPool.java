package dev.reins.bench.experiment;

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
 * Trains run configs into their run folders, {@code parallel} at a time on threads of this JVM. A folder with a
 * {@code summary.json} is finished and is not trained again, so an interrupted batch resumes where it stopped; a
 * folder without one (a run cut off mid-way) is cleared and trained from the start. The suites and sweeps run
 * through it.
 *
 * <pre>{@code
 * List<RunSummary> done = RunPool.run(List.of(new RunPool.Job(config, Path.of("runs/a"), "ppo seed 0")), 2, System.out);
 * }</pre>
 */
public final class RunPool {
    private RunPool() {}

    /** One run: its config, its folder and how progress lines name it. */
    public record Job(RunConfig config, Path folder, String label) {}

    /** Trains (or reuses) every job; returns their summaries in job order. */
    public static List<RunSummary> run(List<Job> jobs, int parallel, PrintStream out) {
        if (parallel <= 0) {
            throw new IllegalArgumentException("--parallel must be > 0, got " + parallel);
        }
        AtomicInteger finished = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<RunSummary>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> {
                    RunSummary summary = trainOrReuse(job.config(), job.folder());
                    synchronized (out) {
                        out.printf(Locale.ROOT, "[%d/%d] %s: %s%n", finished.incrementAndGet(), jobs.size(), job.label(), describe(summary));
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
            throw new IllegalStateException("interrupted; run the command again to continue", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The summary of {@code dir} if it holds a finished run, else trains {@code config} there (clearing a partial run). */
    public static RunSummary trainOrReuse(RunConfig config, Path dir) throws IOException {
        Path summary = dir.resolve(TrainingRun.SUMMARY);
        if (Files.isRegularFile(summary)) {
            return read(summary);
        }
        if (Files.exists(dir)) {
            deleteTree(dir); // cut off before it finished: start it again
        }
        TrainingRun training = TrainingRun.prepare(config);
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

    /** A finished run in one phrase: its evaluation, steps, wall time and speed (the progress lines' wording). */
    public static String describe(RunSummary s) {
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
