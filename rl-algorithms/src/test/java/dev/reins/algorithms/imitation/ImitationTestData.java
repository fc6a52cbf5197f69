package dev.reins.algorithms.imitation;

import dev.reins.core.demo.Trajectory;
import dev.reins.core.demo.TrajectoryRecorder;
import dev.reins.core.env.Env;
import dev.reins.envs.registry.Envs;
import java.util.List;

/** Demonstrations made by the tests: a scripted CartPole controller that balances the pole for 500 steps. */
final class ImitationTestData {
    private ImitationTestData() {}

    /** Push towards where the pole is falling. */
    static int cartPoleController(float[] obs) {
        return obs[2] + 0.5 * obs[3] + 0.01 * obs[1] > 0 ? 1 : 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Trajectory<?, ?>> cartPoleDemos(int episodes) {
        Env<float[], Integer> env = (Env<float[], Integer>) (Env<?, ?>) Envs.make("CartPole-v1");
        return (List) TrajectoryRecorder.record(env, ImitationTestData::cartPoleController, episodes, 100L, 10_000);
    }
}
