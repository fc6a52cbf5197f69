package dev.reins.bench.throughput;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reins.bench.Zoo;
import dev.reins.bench.experiment.RunConfig;
import dev.reins.bench.experiment.TrainingRun;
import dev.reins.core.callback.Callback;
import dev.reins.core.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * End-to-end training throughput of each algorithm's zoo config on one env, with where the time goes. Each
 * algorithm trains twice from the same seed: once untouched for steps/s, once with a sampler that reads the training
 * thread's stack every millisecond and files each sample under the first of:
 * <ul>
 *   <li><b>learning</b> — inside an update (loss, backward pass, optimizer, advantage estimation, CG / line search);</li>
 *   <li><b>env</b> — inside an environment or vector env;</li>
 *   <li><b>inference</b> — choosing actions or computing values while collecting (network forwards);</li>
 *   <li><b>other</b> — the rest: buffers, bookkeeping, callbacks.</li>
 * </ul>
 * Stack sampling is statistical and biased toward safepoints, so read the shares as ±5 points.
 */
public final class ThroughputBreakdown {
    private static final Set<String> LEARNING_METHODS = Set.of("update", "trainStep", "fitValueFunction", "fitBaseline",
            "dampedFisherProduct", "computeAdvantages", "lineSearchResult", "backward", "backwardPolicy");
    private static final Set<String> INFERENCE_METHODS = Set.of("act", "chooseActions", "values", "forward", "evaluate", "actions");

    /** One algorithm's measurement. */
    public record Row(String algo, String env, long steps, double seconds, double stepsPerSecond, double envShare,
            double inferenceShare, double learningShare, double otherShare, int samples) {}

    private ThroughputBreakdown() {}

    public static Row measure(String algo, String env, long steps) {
        RunConfig zoo = Zoo.lookup(algo, env).orElseThrow(
                () -> new IllegalArgumentException("no zoo config for " + algo + " on " + env + " (see 'reins zoo')"));
        RunConfig config = new RunConfig(algo, env, 0, steps, 1, 0, 0, zoo.envOptions(), zoo.hyperparameters());
        TrainingRun timed = TrainingRun.prepare(config);
        long start = System.nanoTime();
        timed.algorithm().learn(steps, new Callback() {});
        double seconds = (System.nanoTime() - start) / 1e9;

        TrainingRun profiled = TrainingRun.prepare(config);
        Thread trainer = Thread.currentThread();
        long[] counts = new long[4]; // env, inference, learning, other
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                counts[classify(trainer.getStackTrace())]++;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "throughput-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try {
            profiled.algorithm().learn(steps, new Callback() {});
        } finally {
            running.set(false);
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long total = Math.max(1, counts[0] + counts[1] + counts[2] + counts[3]);
        return new Row(algo, env, steps, seconds, steps / seconds, counts[0] / (double) total, counts[1] / (double) total,
                counts[2] / (double) total, counts[3] / (double) total, (int) total);
    }

    /** 0 env, 1 inference, 2 learning, 3 other: the first category any frame of the stack belongs to, learning first. */
    static int classify(StackTraceElement[] stack) {
        boolean env = false;
        boolean inference = false;
        for (StackTraceElement f : stack) {
            String cls = f.getClassName();
            if (!cls.startsWith("dev.reins.")) {
                continue;
            }
            if (cls.startsWith("dev.reins.algorithms.") && (LEARNING_METHODS.contains(f.getMethodName())
                    || cls.endsWith(".Adam") || cls.endsWith(".RmsProp") || cls.endsWith(".Sgd") || cls.endsWith("ConjugateGradient"))) {
                return 2;
            }
            if (cls.startsWith("dev.reins.envs.") || cls.startsWith("dev.reins.core.vector.") || cls.startsWith("dev.reins.core.env.")) {
                env = true;
            }
            if (cls.startsWith("dev.reins.algorithms.") && INFERENCE_METHODS.contains(f.getMethodName())) {
                inference = true;
            }
        }
        return env ? 0 : inference ? 1 : 3;
    }

    public static String markdown(List<Row> rows, String command) {
        StringBuilder sb = new StringBuilder("# Training throughput on ").append(rows.isEmpty() ? "" : rows.get(0).env()).append("\n\n");
        sb.append("Made with `").append(command).append("`: each algorithm's zoo config, seed 0, single thread; the shares come "
                + "from sampling the training thread's stack every millisecond in a second, identical run (±5 points).\n\n");
        sb.append("| algo | steps | wall s | steps/s | env | inference | learning | other | slowest part |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            double[] shares = {r.envShare(), r.inferenceShare(), r.learningShare(), r.otherShare()};
            String[] names = {"env", "inference", "learning", "other"};
            int max = 0;
            for (int i = 1; i < 4; i++) {
                if (shares[i] > shares[max]) {
                    max = i;
                }
            }
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %,.0f | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %s |%n", r.algo(), r.steps(),
                    r.seconds(), r.stepsPerSecond(), 100 * r.envShare(), 100 * r.inferenceShare(), 100 * r.learningShare(),
                    100 * r.otherShare(), names[max]));
        }
        return sb.toString();
    }

    /** Writes throughput.md and throughput.json into {@code dir}. */
    public static void write(Path dir, List<Row> rows, String command) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("throughput.md"), markdown(rows, command));
        AtomicFiles.writeString(dir.resolve("throughput.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(new ArrayList<>(rows)));
    }
}
