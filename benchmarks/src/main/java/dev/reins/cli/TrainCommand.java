package dev.reins.cli;

import dev.reins.algorithms.AlgorithmSpec;
import dev.reins.algorithms.Algorithms;
import dev.reins.bench.Zoo;
import dev.reins.core.callback.DivergenceGuard;
import dev.reins.bench.experiment.RunConfig;
import dev.reins.envs.registry.Envs;
import dev.reins.bench.experiment.RunConfigFiles;
import dev.reins.bench.experiment.RunSummary;
import dev.reins.bench.experiment.TrainingRun;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reins train}: trains an algorithm on an env and writes a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an algorithm on an env and write a run folder:",
            "config.yaml, metrics.csv, metrics.jsonl, summary.json, learning_curve.png, checkpoint.zip."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--algo", description = "Algorithm (see 'reins algos').")
    String algo;

    @Option(names = "--env", description = "Gymnasium env id (see 'reins envs').")
    String env;

    @Option(names = "--config", description = "YAML run config (keys: algo, env, seed, steps, eval_episodes, "
            + "checkpoint_every, eval_every, env_options, hyperparameters); a run folder's config.yaml reproduces that run.")
    Path configFile;

    @Option(names = "--seed", description = "Run seed (default: 0).")
    Long seed;

    @Option(names = "--steps", description = "Training budget in env steps (default: the algorithm's).")
    Long steps;

    @Option(names = "--out", description = "Run folder (default: runs/ALGO-ENV-seedS, numbered if taken).")
    Path out;

    @Option(names = "--overwrite", description = "Replace a non-empty --out; the old folder stays until the new run finishes.")
    boolean overwrite;

    @Option(names = "--env-option", paramLabel = "KEY=VALUE", description = "Env option, e.g. is_slippery=false (repeatable).")
    Map<String, String> envOptions = new LinkedHashMap<>();

    @Option(names = "--hp", paramLabel = "KEY=VALUE", description = "Hyperparameter override on top of the zoo's or the "
            + "--config's, as YAML, e.g. num_envs=8, hidden=[64,64], learning_rate='{type: linear, start: 1e-3, end: 0}' (repeatable).")
    Map<String, String> hyperparameterOverrides = new LinkedHashMap<>();

    @Option(names = "--demos", paramLabel = "FILE", description = "Demonstrations for an imitation algorithm (bc, dagger, gail, "
            + "airl, maxent-irl), as written by 'reins record'.")
    Path demos;

    @Option(names = "--expert", paramLabel = "RUN_DIR", description = "The trained run DAgger asks for labels.")
    Path expert;

    @Option(names = "--eval-episodes", description = "Episodes of the final deterministic evaluation (default: 100).")
    Integer evalEpisodes;

    @Option(names = "--checkpoint-every", description = "Also checkpoint every N steps (default: only at the end).")
    Long checkpointEvery;

    @Option(names = "--eval-every", description = "Also evaluate every N steps during training (logged as eval_mean_return).")
    Long evalEvery;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue a run folder from its checkpoint.")
    Path resume;

    @Option(names = "--stop-at", paramLabel = "STEP", description = "Stop (with a checkpoint) at this step, keeping the "
            + "schedules of the full budget; continue later with --resume.")
    Long stopAt;

    @Option(names = "--rollout-workers", paramLabel = "N", description = "PPO, A2C: N workers step slices of the envs with the round's "
            + "weights, the update runs here (threads, or Spark tasks with --spark); the same N gives the same run on either, and a "
            + "run resumes with the N it started with.")
    Integer rolloutWorkers;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run the rollout workers as Apache Spark tasks on MASTER, e.g. "
            + "local[2].")
    String spark;

    @Option(names = "--no-progress", description = "No progress display.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        PrintStream stdout = System.out;
        TrainingRun.RunOptions options = new TrainingRun.RunOptions(!noProgress, stopAt == null ? Long.MAX_VALUE : stopAt);
        if (rolloutWorkers != null && rolloutWorkers < 1) {
            throw new IllegalArgumentException("--rollout-workers must be >= 1, got " + rolloutWorkers);
        }
        if (spark != null) {
            if (rolloutWorkers == null) {
                throw new IllegalArgumentException("--spark " + spark + " runs rollout workers: give --rollout-workers N");
            }
            SparkMaster.check(spark);
        }
        if (resume != null) {
            refuseWhatResumeCannotChange();
            RunConfig stored = TrainingRun.readConfig(resume);
            RunConfig config = new RunConfig(stored.algo(), stored.env(), stored.seed(), steps != null ? steps : stored.steps(),
                    stored.evalEpisodes(), checkpointEvery != null ? checkpointEvery : stored.checkpointEvery(),
                    evalEvery != null ? evalEvery : stored.evalEvery(), stored.envOptions(), stored.hyperparameters(),
                    stored.divergenceBound());
            TrainingRun run = TrainingRun.prepare(config);
            try (RolloutWorkersOption.Open workers = RolloutWorkersOption.attach(run.algorithm(), rolloutWorkers, spark)) {
                return report(stdout, run.resume(resume, options, stdout), resume);
            }
        }
        RunConfig config = resolveConfig();
        TrainingRun run = TrainingRun.prepare(config);
        // Workers are attached (and PPO's refusals made) before the run folder is claimed: a refusal writes nothing.
        try (RolloutWorkersOption.Open workers = RolloutWorkersOption.attach(run.algorithm(), rolloutWorkers, spark)) {
            Path named = out != null ? out : freeRunFolder(config);
            OutputDirectory target = OutputDirectory.claim(named, overwrite);
            Path dir = target.create();
            stdout.printf(Locale.ROOT, "training %s on %s, seed %d, %d steps%s -> %s%n", config.algo(), config.env(), config.seed(),
                    config.steps(), rolloutWorkers == null ? "" : ", " + rolloutWorkers + " rollout workers"
                            + (spark != null ? " (Spark " + spark + ")" : ""), named);
            RunSummary summary = run.execute(dir, options, stdout);
            target.commit();
            return report(stdout, summary, named);
        }
    }

    /** What may be given with --resume: the budget, the cadences, and how the run is shown. */
    private static final java.util.Set<String> RESUME_OPTIONS = java.util.Set.of("--resume", "--steps", "--checkpoint-every",
            "--eval-every", "--stop-at", "--no-progress", "--debug", "--rollout-workers", "--spark");

    /**
     * A resumed run keeps its config: only the budget and the checkpoint/evaluation cadence may change. Anything else
     * given with --resume would be ignored, so it is refused, naming it. Read from what picocli matched, so an option
     * added to this command is refused with --resume until it is allowed here.
     */
    private void refuseWhatResumeCannotChange() {
        java.util.Set<String> given = new java.util.LinkedHashSet<>();
        for (var option : spec.commandLine().getParseResult().matchedOptions()) {
            if (!RESUME_OPTIONS.contains(option.longestName())) {
                given.add(option.longestName());
            }
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("--resume continues " + resume + " with the config it was started with; "
                    + String.join(", ", given) + " cannot change it (with --resume: --steps, --checkpoint-every, --eval-every, "
                    + "--stop-at)");
        }
    }

    private RunConfig resolveConfig() {
        RunConfig base = new RunConfig(algo != null ? algo : "?", env != null ? env : "?", 0, 1, 100, 0, 0, Map.of(), null);
        RunConfig fromFile = configFile == null ? null : RunConfigFiles.read(configFile, base);
        if (fromFile == null && algo != null && env != null) {
            fromFile = Zoo.lookup(algo, Envs.registration(env).id()).orElse(null);
            if (fromFile != null) {
                System.out.println("using the zoo's tuned config zoo/" + algo + "/" + Envs.registration(env).id() + ".yaml");
            }
        }
        String a = algo != null ? algo : fromFile != null ? fromFile.algo() : null;
        String e = env != null ? env : fromFile != null ? fromFile.env() : null;
        if (a == null || a.equals("?")) {
            throw new IllegalArgumentException("--algo is required (known: " + String.join(", ",
                    Algorithms.all().stream().map(AlgorithmSpec::name).toList()) + ")");
        }
        if (e == null || e.equals("?")) {
            throw new IllegalArgumentException("--env is required (see 'reins envs')");
        }
        AlgorithmSpec<?> algorithm = Algorithms.get(a);
        Map<String, Object> options = new LinkedHashMap<>(fromFile != null ? fromFile.envOptions() : Map.of());
        envOptions.forEach((k, v) -> options.put(k, parseValue(v)));
        long budget = steps != null ? steps
                : fromFile != null && fromFile.steps() != 1 ? fromFile.steps() : algorithm.defaultSteps();
        return new RunConfig(a, e,
                seed != null ? seed : fromFile != null ? fromFile.seed() : 0,
                budget,
                evalEpisodes != null ? evalEpisodes : fromFile != null ? fromFile.evalEpisodes() : 100,
                checkpointEvery != null ? checkpointEvery : fromFile != null ? fromFile.checkpointEvery() : 0,
                evalEvery != null ? evalEvery : fromFile != null ? fromFile.evalEvery() : 0,
                options,
                withImitationInputs(algorithm, withOverrides(fromFile != null ? fromFile.hyperparameters() : null)),
                fromFile != null ? fromFile.divergenceBound() : DivergenceGuard.DEFAULT_BOUND);
    }

    /** {@code --demos} and {@code --expert} as the hyperparameters of the algorithms that take them, as absolute paths. */
    private com.fasterxml.jackson.databind.JsonNode withImitationInputs(AlgorithmSpec<?> algorithm,
            com.fasterxml.jackson.databind.JsonNode hyperparameters) {
        var merged = (com.fasterxml.jackson.databind.node.ObjectNode) hyperparameters;
        var defaults = dev.reins.core.config.Configs.json().valueToTree(algorithm.defaults().get());
        if (demos != null) {
            if (!defaults.has("demos")) {
                throw new IllegalArgumentException("--demos: " + algorithm.name() + " does not learn from demonstrations "
                        + "(imitation algorithms: bc, dagger, gail, airl, maxent-irl)");
            }
            merged.put("demos", demos.toAbsolutePath().normalize().toString());
        }
        if (expert != null) {
            if (!defaults.has("expert")) {
                throw new IllegalArgumentException("--expert: " + algorithm.name() + " does not query an expert (dagger does)");
            }
            merged.put("expert", expert.toAbsolutePath().normalize().toString());
        }
        return merged;
    }

    private com.fasterxml.jackson.databind.JsonNode withOverrides(com.fasterxml.jackson.databind.JsonNode base) {
        var merged = base == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                : ((com.fasterxml.jackson.databind.node.ObjectNode) base).deepCopy();
        var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        hyperparameterOverrides.forEach((key, value) -> {
            try {
                merged.set(key, yaml.readTree(value));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--hp " + key + "=" + value + " is not a YAML value: " + e.getMessage());
            }
        });
        return merged;
    }

    /** Command-line option values: booleans and numbers become typed, everything else stays text. */
    static Object parseValue(String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private static Path freeRunFolder(RunConfig config) throws java.io.IOException {
        String name = config.algo() + "-" + config.env() + "-seed" + config.seed();
        Path dir = Path.of("runs", name);
        for (int i = 2; Files.exists(dir); i++) {
            dir = Path.of("runs", name + "-" + i);
        }
        return dir;
    }

    /** Prints the run's outcome; a diverged run is exit 1 with its diagnosis as the one line on stderr. */
    private int report(PrintStream out, RunSummary s, Path dir) {
        if (s.diverged()) {
            boolean kept = Files.isRegularFile(dir.resolve(TrainingRun.CHECKPOINT));
            spec.commandLine().getErr().println("reins: training diverged: " + s.diagnosis() + "; stopped, "
                    + (kept ? "the last good checkpoint kept in " + dir.resolve(TrainingRun.CHECKPOINT)
                            : "no checkpoint had been written (--checkpoint-every N keeps one)")
                    + " (lower learning_rate, or raise divergence_bound if such values are expected)");
            return 1;
        }
        out.printf(Locale.ROOT, "trained %d steps (%d episodes) in %.1f s, %.0f steps/s%s%n", s.steps(), s.episodes(),
                s.wallSeconds(), s.envStepsPerSecond(), s.completed() ? "" : " — " + s.stopReason());
        if (s.eval() != null) {
            out.println("evaluation: " + TrainingRun.describe(s.eval())
                    + (s.rewardThreshold() == null ? "" : String.format(Locale.ROOT, " — threshold %.2f %s", s.rewardThreshold(),
                            Boolean.TRUE.equals(s.solved()) ? "reached" : "not reached")));
        }
        if (s.best() != null) {
            out.printf(Locale.ROOT, "best periodic evaluation: %.3f at step %d (in %s/%s, 'reins eval --best')%n", s.best().meanReturn(),
                    s.best().step(), dir, TrainingRun.BEST);
        }
        out.println("run folder: " + dir);
        return 0;
    }
}
