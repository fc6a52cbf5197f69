package dev.reins.bench.suite;

import dev.reins.algorithms.Algorithms;
import dev.reins.bench.Zoo;
import dev.reins.bench.experiment.RunConfig;
import dev.reins.bench.experiment.RunSummary;
import dev.reins.bench.experiment.TrainingRun;
import dev.reins.core.algorithm.EvalResult;
import dev.reins.core.algorithm.Evaluator;
import dev.reins.core.demo.Demonstrations;
import dev.reins.core.demo.Trajectory;
import dev.reins.core.demo.TrajectoryRecorder;
import dev.reins.core.env.Env;
import dev.reins.core.policy.Policy;
import dev.reins.core.random.Rng;
import dev.reins.envs.registry.Envs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The experts of the classic suite's imitation rows: Reins' own zoo run (seed 0) of the env's expert algorithm, and
 * {@value #DEMO_EPISODES} of its episodes recorded as the demonstrations every imitation run of that env learns from
 * ({@code demos/ENV.jsonl} under the suite folder). DAgger queries the expert run itself.
 *
 * <pre>{@code
 * ImitationExperts.prepare(plan, root, false, 1, System.out);   // trains/records what is missing
 * }</pre>
 */
public final class ImitationExperts {
    /** The algorithm whose zoo run is the expert, per env. */
    public static final Map<String, String> EXPERT_ALGOS = Map.of("CartPole-v1", "ppo", "Pendulum-v1", "sac");
    /** Episodes recorded from each expert. */
    public static final int DEMO_EPISODES = 10;
    /** Episodes of the uniformly random policy that anchors the normalized score. */
    static final int RANDOM_EPISODES = 100;

    private ImitationExperts() {}

    /** Whether {@code algo} learns by imitation. */
    public static boolean isImitation(String algo) {
        return Algorithms.get(algo).family().equals("imitation");
    }

    /** The expert's run in the suite: the zoo config of the env's expert algorithm, seed 0. */
    public static SuiteRun expertRun(String env, boolean quick) {
        String algo = EXPERT_ALGOS.get(env);
        if (algo == null) {
            throw new IllegalArgumentException("the classic suite has no expert for " + env + "; experts: " + EXPERT_ALGOS);
        }
        RunConfig zoo = Zoo.lookup(algo, env).orElseThrow();
        long steps = quick ? Math.max(5_000, zoo.steps() / 10) : zoo.steps();
        return new SuiteRun(new RunConfig(algo, env, 0, steps, quick ? 10 : zoo.evalEpisodes(), 0, 0, zoo.envOptions(),
                zoo.hyperparameters()));
    }

    /** The demonstration file of {@code env} in the suite folder. */
    public static Path demos(Path root, String env) {
        return root.resolve("demos").resolve(env + ".jsonl").toAbsolutePath().normalize();
    }

    /**
     * Makes sure every env with an imitation run in {@code plan} has its expert run (trained here if the plan does not
     * hold it or it is not finished) and its demonstrations (recorded if missing).
     */
    public static void prepare(List<SuiteRun> plan, Path root, boolean quick, int parallel, PrintStream out) throws IOException {
        Set<String> envs = new LinkedHashSet<>();
        for (SuiteRun run : plan) {
            if (isImitation(run.algo())) {
                envs.add(run.env());
            }
        }
        List<SuiteRun> experts = new ArrayList<>();
        for (String env : envs) {
            experts.add(expertRun(env, quick));
        }
        SuiteRunner.run(experts, root, parallel, out);
        for (SuiteRun expert : experts) {
            Path file = demos(root, expert.env());
            if (Files.isRegularFile(file)) {
                continue;
            }
            TrainingRun run = TrainingRun.prepare(expert.config());
            run.loadCheckpoint(expert.folder(root));
            @SuppressWarnings({"unchecked", "rawtypes"})
            List<Trajectory<?, ?>> trajectories = (List) TrajectoryRecorder.record((Env) run.makeEnv(), (Policy) run.algorithm().policy(),
                    DEMO_EPISODES, 1_000_000L, Evaluator.DEFAULT_MAX_STEPS);
            Demonstrations.write(file, expert.env(), trajectories);
            out.printf(Locale.ROOT, "recorded %d episodes of %s on %s (mean return %.1f) -> %s%n", DEMO_EPISODES, expert.algo(), expert.env(),
                    trajectories.stream().mapToDouble(Trajectory::totalReward).average().orElse(Double.NaN), file);
        }
    }

    /** The expert run's final evaluation. */
    static RunSummary expertSummary(Path root, String env, boolean quick) {
        return SuiteRunner.read(expertRun(env, quick).folder(root).resolve(TrainingRun.SUMMARY));
    }

    /** The mean return of uniformly random actions, evaluated as runs are (seeded, {@value #RANDOM_EPISODES} episodes). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static double randomReturn(String env) {
        Env e = Envs.make(env);
        Rng rng = new Rng(17);
        EvalResult r = Evaluator.evaluate(e, obs -> e.actionSpace().sample(rng), RANDOM_EPISODES, 0L, Evaluator.DEFAULT_MAX_STEPS);
        return r.meanReturn();
    }
}
