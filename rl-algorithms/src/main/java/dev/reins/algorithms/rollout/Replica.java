package dev.reins.algorithms.rollout;

/**
 * A rollout worker's own copy of what collecting needs (a policy replica, its envs). Each round it takes the
 * learner's weights and collects one share; the result must depend only on the weights and the share (its seed
 * included), so that a retried task gives the same result as the first attempt.
 *
 * @param <I> a share of a round's work
 * @param <R> what the worker returns for it
 */
@FunctionalInterface
public interface Replica<I, R> {
    /** Loads {@code weights} (as the learner's policy encodes them) and collects {@code share}. */
    R collect(byte[] weights, I share);
}
