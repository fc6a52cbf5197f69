package dev.reins.bench.suite;

import dev.reins.bench.Zoo;
import dev.reins.bench.experiment.RunConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reins.algorithms.Algorithms;
import dev.reins.core.config.Configs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The classic-control suite: every zoo entry on a classic-control env, for seeds 0 … n−1. {@code quick} shrinks each
 * budget to a tenth (at least 5,000 steps) and the evaluation to 10 episodes, for a smoke test in minutes.
 *
 * <pre>{@code
 * List<SuiteRun> plan = ClassicSuite.plan(5, List.of("ppo", "dqn"), List.of(), false);
 * }</pre>
 */
public final class ClassicSuite {
    /** The envs of the suite, in report order. */
    public static final List<String> ENVS = List.of("CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0",
            "Pendulum-v1");

    private ClassicSuite() {}

    /**
     * The runs for {@code seeds} seeds of every zoo entry on a suite env whose algorithm is in {@code algos} and env in
     * {@code envs} (an empty list means all); throws naming the choices when the filter leaves nothing.
     */
    public static List<SuiteRun> plan(int seeds, List<String> algos, List<String> envs, boolean quick) {
        return plan(seeds, algos, envs, quick, Path.of("bench-classic"));
    }

    /**
     * As {@link #plan(int, List, List, boolean)}, with the imitation rows reading their demonstrations (and DAgger its
     * expert) from the suite folder {@code root} (see {@link ImitationExperts}).
     */
    public static List<SuiteRun> plan(int seeds, List<String> algos, List<String> envs, boolean quick, Path root) {
        if (seeds <= 0) {
            throw new IllegalArgumentException("--seeds must be > 0, got " + seeds);
        }
        Set<String> knownEnvs = Set.copyOf(ENVS);
        for (String env : envs) {
            if (!knownEnvs.contains(env)) {
                throw new IllegalArgumentException("env " + env + " is not in the classic suite; its envs are " + ENVS);
            }
        }
        List<SuiteRun> runs = new ArrayList<>();
        List<Zoo.Entry> entries = Zoo.entries().stream().filter(e -> knownEnvs.contains(e.env())).toList();
        for (Zoo.Entry entry : entries) {
            if ((!algos.isEmpty() && !algos.contains(entry.algo())) || (!envs.isEmpty() && !envs.contains(entry.env()))) {
                continue;
            }
            RunConfig zoo = Zoo.lookup(entry.algo(), entry.env()).orElseThrow();
            long steps = quick ? Math.max(5_000, zoo.steps() / 10) : zoo.steps();
            int evalEpisodes = quick ? 10 : zoo.evalEpisodes();
            JsonNode hyperparameters = ImitationExperts.isImitation(entry.algo())
                    ? imitationInputs(zoo, root, quick) : zoo.hyperparameters();
            for (int seed = 0; seed < seeds; seed++) {
                runs.add(new SuiteRun(new RunConfig(zoo.algo(), zoo.env(), seed, steps, evalEpisodes, 0, 0, zoo.envOptions(),
                        hyperparameters)));
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no zoo entry matches --algos " + algos + " --envs " + envs + "; classic-suite entries: "
                    + entries.stream().map(e -> e.algo() + "/" + e.env()).toList());
        }
        return runs;
    }

    /** The zoo's hyperparameters with the suite's demonstrations, and for DAgger its expert run. */
    private static JsonNode imitationInputs(RunConfig zoo, Path root, boolean quick) {
        ObjectNode h = ((ObjectNode) zoo.hyperparameters()).deepCopy();
        h.put("demos", ImitationExperts.demos(root, zoo.env()).toString());
        if (Configs.json().valueToTree(Algorithms.get(zoo.algo()).defaults().get()).has("expert")) {
            h.put("expert", ImitationExperts.expertRun(zoo.env(), quick).folder(root).toAbsolutePath().normalize().toString());
        }
        return h;
    }
}
