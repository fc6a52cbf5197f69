package dev.reins.algorithms.common;

import java.io.Serializable;

/**
 * A vector-env rollout worker's share of one round: its envs' count, the seed of its first round, the state its envs
 * and sampler reached at the end of the last round (null before the first), and the vector steps to take. Carrying the
 * state in the share (rather than leaving it on the worker) lets any executor run the round, and a retried task start
 * from exactly where the failed one did.
 */
public record VectorShare(int envs, long seed, byte[] state, int steps) implements Serializable {}
