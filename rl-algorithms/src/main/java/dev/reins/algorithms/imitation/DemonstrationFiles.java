package dev.reins.algorithms.imitation;

import dev.reins.core.demo.Demonstrations;
import dev.reins.core.demo.Trajectory;
import dev.reins.core.env.Env;
import java.nio.file.Path;
import java.util.List;

/** Reads the demonstration file an imitation config names, checked against the env it will be used on. */
final class DemonstrationFiles {
    private DemonstrationFiles() {}

    /** The first {@code episodes} (0: all) trajectories of {@code file}, for {@code algorithm} on {@code env}. */
    static List<Trajectory<Object, Object>> read(String algorithm, String file, int episodes, Env<?, ?> env, String envId) {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException(algorithm + " learns from demonstrations: give --demos FILE (the demos hyperparameter); "
                    + "record one with 'reins record --run RUN_DIR --episodes 10 --out demos.jsonl'");
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Trajectory<Object, Object>> all = (List) Demonstrations.read(Path.of(file), envId, env.observationSpace(),
                env.actionSpace());
        if (episodes > 0 && episodes > all.size()) {
            throw new IllegalArgumentException("demo_episodes is " + episodes + ", but " + file + " has only " + all.size()
                    + " trajectories");
        }
        return episodes > 0 ? all.subList(0, episodes) : all;
    }
}
