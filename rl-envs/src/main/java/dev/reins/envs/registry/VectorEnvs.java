package dev.reins.envs.registry;

import dev.reins.core.env.Env;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.SyncVectorEnv;
import dev.reins.core.vector.VectorEnv;
import dev.reins.envs.classic.ClassicControlEnv;
import dev.reins.envs.classic.ClassicVectorEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes vector envs by Gymnasium id: classic-control envs get the allocation-free {@link ClassicVectorEnv}; any other
 * env with vector observations is wrapped in a {@link SyncVectorEnv} of {@link Envs#make} copies.
 *
 * <pre>{@code
 * VectorEnv<Integer> envs = VectorEnvs.make("CartPole-v1", 8, AutoresetMode.NEXT_STEP, Map.of());
 * envs.reset(42L);
 * }</pre>
 */
public final class VectorEnvs {
    private VectorEnvs() {}

    @SuppressWarnings("unchecked")
    public static <A> VectorEnv<A> make(String id, int numEnvs, AutoresetMode mode, Map<String, ?> options) {
        if (numEnvs <= 0) {
            throw new IllegalArgumentException("a vector env needs numEnvs > 0, got " + numEnvs);
        }
        EnvRegistration registration = Envs.registration(id);
        Env<?, ?> probe = Envs.make(id, options);
        if (probe.unwrapped() instanceof ClassicControlEnv<?> classic) {
            int limit = registration.maxEpisodeSteps().orElse(Integer.MAX_VALUE);
            return new ClassicVectorEnv<>((dev.reins.envs.classic.ClassicDynamics<A>) classic.dynamics(), numEnvs, limit, mode);
        }
        List<Env<float[], A>> copies = new ArrayList<>();
        copies.add((Env<float[], A>) probe);
        for (int i = 1; i < numEnvs; i++) {
            copies.add(Envs.make(id, options));
        }
        return new SyncVectorEnv<>(copies, mode);
    }
}
