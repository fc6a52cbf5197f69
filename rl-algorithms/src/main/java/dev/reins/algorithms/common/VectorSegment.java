package dev.reins.algorithms.common;

import java.io.Serializable;

/**
 * What a vector-env rollout worker collected in a round, laid out as a {@link dev.reins.core.buffer.RolloutBuffer}
 * is (time-major over its own envs): the transitions with their values and log-probs, V(final observation) of
 * truncated steps, the observations after the last step, and the state to continue from next round. (Workers run
 * without normalization wrappers, so the rewards are the env's own, which episode statistics report.)
 */
public record VectorSegment(int steps, int envs, float[] observations, float[] actions, double[] rewards,
        boolean[] terminated, boolean[] truncated, double[] values, double[] logProbs, double[] truncationValues,
        float[] lastObservations, byte[] state) implements Serializable {}
