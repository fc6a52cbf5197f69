package dev.reins.algorithms.common;

import dev.reins.core.vector.VectorEnv;
import dev.reins.core.vector.wrappers.NormalizeVectorObservation;
import dev.reins.core.vector.wrappers.NormalizeVectorReward;
import dev.reins.core.vector.wrappers.VectorEnvWrapper;

/**
 * Observation and reward normalization of a trainer's vector env with SB3 {@code VecNormalize}'s settings (ε 1e-8,
 * clip 10): the statistics live in the wrappers and so in the trainer's checkpoint; the deterministic policy
 * normalizes raw observations with them frozen.
 */
public final class EnvNormalization {
    /** SB3 VecNormalize's clip for normalized observations and rewards. */
    public static final double CLIP = 10.0;
    public static final double EPSILON = 1e-8;

    private EnvNormalization() {}

    /** {@code envs} wrapped as asked (rewards with discount {@code gamma}). */
    public static <A> VectorEnv<A> wrap(VectorEnv<A> envs, boolean observations, boolean rewards, double gamma) {
        VectorEnv<A> wrapped = envs;
        if (observations) {
            wrapped = new NormalizeVectorObservation<>(wrapped, EPSILON, CLIP);
        }
        if (rewards) {
            wrapped = new NormalizeVectorReward<>(wrapped, gamma, EPSILON, CLIP);
        }
        return wrapped;
    }

    /** The observation normalizer of {@code envs}, or null when observations are not normalized. */
    public static NormalizeVectorObservation<?> observationNormalizer(VectorEnv<?> envs) {
        return VectorEnvWrapper.find(envs, NormalizeVectorObservation.class);
    }
}
