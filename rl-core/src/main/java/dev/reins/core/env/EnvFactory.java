package dev.reins.core.env;

import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.VectorEnv;

/**
 * Makes fresh copies of one configured env, single or vectorized: how an algorithm that needs several envs (or a
 * separate evaluation env) gets them without knowing the registry. Serializable, so that rollout workers elsewhere can
 * make the same envs (a factory holding something unserializable fails only when shipped).
 *
 * <pre>{@code
 * EnvFactory cartPole = EnvFactories.of("CartPole-v1", Map.of());
 * VectorEnv<Integer> envs = cartPole.vector(8, AutoresetMode.SAME_STEP);
 * }</pre>
 */
public interface EnvFactory extends java.io.Serializable {
    /** The env's id. */
    String id();

    /** A new single env. */
    Env<?, ?> single();

    /** A new vector env of {@code numEnvs} copies. */
    VectorEnv<?> vector(int numEnvs, AutoresetMode mode);
}
