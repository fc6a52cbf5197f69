package dev.reins.cli;

import dev.reins.bench.experiment.RunConfig;
import dev.reins.bench.experiment.TrainingRun;
import dev.reins.core.algorithm.Evaluator;
import dev.reins.core.demo.Demonstrations;
import dev.reins.core.demo.Trajectory;
import dev.reins.core.env.Env;
import dev.reins.core.policy.Policy;
import dev.reins.core.random.Rng;
import dev.reins.core.random.SplitMix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins record}: plays a trained run's policy and writes its episodes as demonstrations. */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Record a trained run's episodes as demonstrations for imitation learning:",
            "JSON lines, one trajectory a line (observations, actions, rewards, terminated, truncated, infos)."})
final class RecordCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "RUN_DIR", required = true, description = "The trained run folder.")
    Path run;

    @Option(names = "--episodes", defaultValue = "10", description = "Episodes to record (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The demonstration file to write (replaced only with --overwrite).")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing --out.")
    boolean overwrite;

    @Option(names = "--stochastic", description = "Sample actions as in training instead of taking the most likely one.")
    boolean stochastic;

    @Option(names = "--seed", description = "Seed of episode resets (episode k: seed + k) and of sampling (default: derived from "
            + "the run's seed, different from its evaluation's).")
    Long seed;

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Integer call() throws Exception {
        if (episodes <= 0) {
            throw new IllegalArgumentException("--episodes must be > 0, got " + episodes);
        }
        OutputFile.claim(out, overwrite, "--out");
        RunConfig config = TrainingRun.readConfig(run);
        TrainingRun training = TrainingRun.prepare(config);
        training.loadCheckpoint(run);
        long base = seed != null ? seed : SplitMix.derive(config.seed(), 5);
        Policy policy = training.algorithm().policy();
        if (stochastic) {
            policy = (Policy) training.algorithm().samplingPolicy(new Rng(SplitMix.derive(base, 1))).orElseThrow(
                    () -> new IllegalArgumentException("--stochastic: a " + config.algo() + " run has only a deterministic policy; "
                            + "record without --stochastic"));
        }
        Env env = training.makeEnv();
        List<Trajectory<?, ?>> trajectories = (List) dev.reins.core.demo.TrajectoryRecorder.record(env, policy, episodes, base,
                Evaluator.DEFAULT_MAX_STEPS);
        Demonstrations.write(out, dev.reins.envs.registry.Envs.registration(config.env()).id(), trajectories);
        double mean = trajectories.stream().mapToDouble(Trajectory::totalReward).average().orElse(Double.NaN);
        int steps = trajectories.stream().mapToInt(Trajectory::length).sum();
        System.out.printf(Locale.ROOT, "recorded %d episodes (%d steps, mean return %.3f) of %s on %s%s -> %s%n", episodes, steps, mean,
                run, config.env(), stochastic ? ", sampled" : "", out);
        return 0;
    }
}
