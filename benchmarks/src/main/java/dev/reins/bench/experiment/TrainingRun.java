package dev.reins.bench.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reins.algorithms.AlgorithmSpec;
import dev.reins.algorithms.Algorithms;
import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.algorithm.EvalResult;
import dev.reins.core.algorithm.Evaluator;
import dev.reins.core.algorithm.TrainingDivergedException;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.DivergenceGuard;
import dev.reins.core.callback.EvalCallback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.core.checkpoint.CheckpointException;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.config.ConfigException;
import dev.reins.core.config.Configs;
import dev.reins.core.env.Env;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.env.EnvSpec;
import dev.reins.envs.registry.EnvFactories;
import dev.reins.core.metrics.MetricsLogger;
import dev.reins.core.policy.Policy;
import dev.reins.core.random.SplitMix;
import dev.reins.envs.registry.Envs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One training run and its folder. Everything that can be wrong with the input (algorithm, env, options,
 * hyperparameters) is checked by {@link #prepare} before any file is written.
 *
 * <pre>{@code
 * TrainingRun run = TrainingRun.prepare(config);
 * RunSummary summary = run.execute(Path.of("runs/q"), RunOptions.defaults(), System.out);
 * }</pre>
 */
public final class TrainingRun {
    /** The run folder's file names. */
    public static final String CONFIG = "config.yaml";
    public static final String SUMMARY = "summary.json";
    public static final String CHECKPOINT = "checkpoint.zip";
    public static final String CURVE = "learning_curve.png";
    /** The folder of the best periodic evaluation's checkpoint ({@code eval_every}), beside the last one. */
    public static final String BEST = "best";

    private final RunConfig config;
    private final AlgorithmSpec<?> spec;
    private final Algorithm<?, ?> algorithm;
    private final EnvSpec envSpec;

    private TrainingRun(RunConfig config, AlgorithmSpec<?> spec, Algorithm<?, ?> algorithm, EnvSpec envSpec) {
        this.config = config;
        this.spec = spec;
        this.algorithm = algorithm;
        this.envSpec = envSpec;
    }

    /** How {@link #execute} behaves. */
    public record RunOptions(boolean progress, long stopAt) {
        /** Progress on, no early stop. */
        public static RunOptions defaults() {
            return new RunOptions(true, Long.MAX_VALUE);
        }
    }

    /** Resolves and validates {@code config}, builds the env and the algorithm; writes nothing. */
    public static TrainingRun prepare(RunConfig config) {
        AlgorithmSpec<?> spec = Algorithms.get(config.algo());
        EnvFactory envs = EnvFactories.of(config.env(), config.envOptions());
        EnvSpec envSpec = specOf(config);
        Object algorithmConfig = spec.config(config.hyperparameters(), "hyperparameters of " + spec.name());
        Algorithm<?, ?> algorithm = spec.create(envs, algorithmConfig, config.seed());
        ObjectNode resolved = Configs.json().valueToTree(algorithmConfig);
        return new TrainingRun(config.withHyperparameters(resolved), spec, algorithm, envSpec);
    }

    private static EnvSpec specOf(RunConfig config) {
        EnvSpec base = Envs.spec(config.env());
        return new EnvSpec(base.id(), base.maxEpisodeSteps(), base.rewardThreshold(), config.envOptions());
    }

    /** The resolved config (hyperparameters complete). */
    public RunConfig config() {
        return config;
    }

    public Algorithm<?, ?> algorithm() {
        return algorithm;
    }

    /** Reads a run folder's {@code config.yaml}. */
    public static RunConfig readConfig(Path runDir) {
        Path file = runDir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(runDir + " is not a run folder: it has no " + CONFIG);
        }
        try {
            JsonNode tree = Configs.readYamlTree(Files.readString(file), file.toString());
            return Configs.overlay(RunConfigFiles.empty(), tree, RunConfig.class, file.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Trains into a new run folder {@code dir} (created; must not exist or be empty). */
    public RunSummary execute(Path dir, RunOptions options, PrintStream out) throws IOException {
        if (Files.exists(dir) && (!Files.isDirectory(dir) || Files.list(dir).findAny().isPresent())) {
            throw new ConfigException("run folder " + dir + " already exists and is not empty; choose another --out or use --resume");
        }
        Files.createDirectories(dir);
        AtomicFiles.removeStaleTemporaries(dir);
        AtomicFiles.writeString(dir.resolve(CONFIG), Configs.toYaml(config));
        List<String> columns = MetricsRecorder.columns(algorithm.metricNames());
        try (MetricsLogger metrics = MetricsLogger.create(dir, columns)) {
            return train(dir, options, out, metrics, new WallClock(0), 0, new EpisodeLog());
        }
    }

    /** Continues the run in {@code dir} from its checkpoint up to the config's step budget. */
    public RunSummary resume(Path dir, RunOptions options, PrintStream out) throws IOException {
        Path file = dir.resolve(CHECKPOINT);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("cannot resume " + dir + ": it has no " + CHECKPOINT);
        }
        // A run killed while writing a file left its temporary beside it.
        AtomicFiles.removeStaleTemporaries(dir);
        AtomicFiles.removeStaleTemporaries(dir.resolve(BEST));
        CheckpointReader in = CheckpointReader.read(file);
        String algo = in.string("run.algo");
        String env = in.string("run.env");
        if (!algo.equals(config.algo()) || !env.equals(config.env())) {
            throw new CheckpointException(file + " is a " + algo + " / " + env + " checkpoint, but the run is " + config.algo()
                    + " / " + config.env());
        }
        algorithm.load(in, "algorithm.");
        double[] run = in.doubles("run.progress", 2);
        List<String> columns = MetricsRecorder.columns(algorithm.metricNames());
        EpisodeLog episodes = readEpisodes(dir, algorithm.stepsDone());
        try (MetricsLogger metrics = MetricsLogger.resume(dir, columns, algorithm.stepsDone())) {
            return train(dir, options, out, metrics, new WallClock(run[0]), (long) run[1], episodes);
        }
    }

    private static EpisodeLog readEpisodes(Path dir, long upToStep) throws IOException {
        EpisodeLog log = new EpisodeLog();
        Path jsonl = dir.resolve(MetricsLogger.JSONL);
        if (Files.exists(jsonl)) {
            for (String line : Files.readAllLines(jsonl)) {
                JsonNode row = Configs.json().readTree(line);
                if (row.has("episode_return") && row.path("step").asLong() <= upToStep) {
                    log.add(row.path("step").asLong(), row.path("episode_return").asDouble());
                }
            }
        }
        return log;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private RunSummary train(Path dir, RunOptions options, PrintStream out, MetricsLogger metrics, WallClock clock,
            long episodesBefore, EpisodeLog episodes) throws IOException {
        MetricsRecorder recorder = new MetricsRecorder(metrics, clock, episodes, episodesBefore);
        String label = config.algo() + " " + config.env();
        Callback progress = options.progress()
                ? new ProgressReporter(label, algorithm.stepsDone(), config.steps(), episodes, clock, out) : Callback.NONE;
        DivergenceGuard guard = new DivergenceGuard(config.divergenceBound());
        Callback control = new Callback() {
            private long lastStep = algorithm.stepsDone();

            @Override
            public void onStep(TrainingContext ctx) {
                // Vectorized algorithms advance several steps at a time: act when a multiple is crossed, not hit.
                long every = config.checkpointEvery();
                if (every > 0 && ctx.step() / every > lastStep / every && ctx.step() < config.steps() && !guard.diverged()) {
                    metrics.flush();
                    writeCheckpoint(dir, clock, recorder.episodeCount());
                }
                lastStep = ctx.step();
                if (ctx.step() >= options.stopAt()) {
                    ctx.requestStop("stopped at step " + options.stopAt() + " as asked (--stop-at); resume with --resume");
                }
            }
        };
        BestKeeper best = new BestKeeper(dir.resolve(BEST), clock, recorder, guard);
        Callback periodicEval = config.evalEvery() > 0
                ? new EvalCallback<>((Env) makeEnv(), () -> (Policy) algorithm.policy(), config.evalEvery(), config.evalEpisodes(),
                        SplitMix.derive(config.seed(), 4), Callback.of(recorder, best))
                : Callback.NONE;
        StopReason stop = new StopReason();
        try {
            algorithm.learn(config.steps(), Callback.of(recorder, guard, progress, periodicEval, control, stop));
        } catch (TrainingDivergedException e) {
            // The algorithm's own NaN check: the same outcome as the guard's.
            guard.record(e.getMessage());
        }
        metrics.flush();
        double wall = clock.seconds();
        Double threshold = envSpec.rewardThreshold().isPresent() ? envSpec.rewardThreshold().getAsDouble() : null;
        long steps = algorithm.stepsDone();
        EvalResult eval = null;
        if (!guard.diverged()) {
            writeCheckpoint(dir, clock, recorder.episodeCount());
            if (config.evalEpisodes() > 0) {
                eval = evaluate(config.evalEpisodes(), SplitMix.derive(config.seed(), 2));
            }
        }
        // Over the whole run's training time (all sessions), so that resuming a finished run does not report 0 steps/s.
        RunSummary summary = new RunSummary(config.algo(), config.env(), config.seed(), steps, config.steps(),
                !guard.diverged() && (steps >= config.steps() || stop.reason == null),
                guard.diverged() ? RunSummary.DIVERGED : stop.reason, recorder.episodeCount(), wall,
                steps / Math.max(1e-9, wall), eval, threshold,
                threshold == null || eval == null ? null : eval.meanReturn() >= threshold,
                guard.diagnosis(), best.best());
        AtomicFiles.writeString(dir.resolve(SUMMARY), Configs.toJson(summary));
        LearningCurvePlot.write(dir.resolve(CURVE), label + " (seed " + config.seed() + ")", episodes, threshold);
        return summary;
    }

    /**
     * Keeps the checkpoint of the best periodic evaluation in {@code best/} (SB3's {@code EvalCallback} keeps the best
     * model the same way), with {@code best/eval.json} saying when and how good; a resumed run continues from its record.
     */
    private final class BestKeeper implements Callback {
        private final Path folder;
        private final WallClock clock;
        private final MetricsRecorder recorder;
        private final DivergenceGuard guard;
        private RunSummary.BestEvaluation best;

        BestKeeper(Path folder, WallClock clock, MetricsRecorder recorder, DivergenceGuard guard) throws IOException {
            this.folder = folder;
            this.clock = clock;
            this.recorder = recorder;
            this.guard = guard;
            Path record = folder.resolve(BEST_EVAL);
            if (Files.isRegularFile(record)) {
                best = Configs.json().readValue(record.toFile(), RunSummary.BestEvaluation.class);
            }
        }

        @Override
        public void onEval(TrainingContext ctx, EvalResult result) {
            if (guard.diverged() || !Double.isFinite(result.meanReturn())
                    || (best != null && result.meanReturn() <= best.meanReturn())) {
                return;
            }
            best = new RunSummary.BestEvaluation(ctx.step(), result.meanReturn());
            writeCheckpoint(folder, clock, recorder.episodeCount());
            try {
                AtomicFiles.writeString(folder.resolve(BEST_EVAL), Configs.toJson(best));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + folder.resolve(BEST_EVAL) + ": " + e.getMessage(), e);
            }
        }

        RunSummary.BestEvaluation best() {
            return best;
        }
    }

    private static final String BEST_EVAL = "best_eval.json";

    private static final class StopReason implements Callback {
        String reason;

        @Override
        public void onTrainingEnd(TrainingContext ctx) {
            reason = ctx.stopReason();
        }
    }

    private void writeCheckpoint(Path dir, WallClock clock, long episodes) {
        CheckpointWriter out = new CheckpointWriter();
        out.putString("run.algo", config.algo());
        out.putString("run.env", config.env());
        out.putString("run.config", Configs.toYaml(config));
        out.putDoubles("run.progress", new double[] {clock.seconds(), episodes});
        algorithm.save(out, "algorithm.");
        try {
            out.writeTo(dir.resolve(CHECKPOINT));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A fresh env as the algorithm sees it (registry env with the run's options, adapted for the algorithm). */
    public Env<?, ?> makeEnv() {
        return spec.envAdapter().apply(Envs.make(config.env(), config.envOptions()));
    }

    /** Evaluates the current policy deterministically on a fresh env. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public EvalResult evaluate(int episodes, long seed) {
        return Evaluator.evaluate((Env) makeEnv(), (Policy) algorithm.policy(), episodes, seed, Evaluator.DEFAULT_MAX_STEPS);
    }

    /** Loads the algorithm state from a run folder's checkpoint (for {@code reins eval}). */
    public void loadCheckpoint(Path dir) {
        loadCheckpoint(dir, false);
    }

    /** Loads the run's last checkpoint, or with {@code best} the one of its best periodic evaluation ({@code best/}). */
    public void loadCheckpoint(Path dir, boolean best) {
        Path file = best ? dir.resolve(BEST).resolve(CHECKPOINT) : dir.resolve(CHECKPOINT);
        if (best && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--best: " + dir + " has no " + BEST + "/" + CHECKPOINT
                    + " (a run keeps one when trained with --eval-every N)");
        }
        CheckpointReader in = CheckpointReader.read(file);
        algorithm.load(in, "algorithm.");
    }

    /** A line for the terminal. */
    public static String describe(EvalResult eval) {
        return String.format(Locale.ROOT, "mean return %.3f ± %.3f over %d episodes (deterministic)%s", eval.meanReturn(),
                eval.stdReturn(), eval.episodes(), eval.cappedEpisodes() > 0
                        ? ", " + eval.cappedEpisodes() + " stopped at " + Evaluator.DEFAULT_MAX_STEPS + " steps" : "");
    }
}
