package dev.reins.algorithms.rollout;

import java.io.Serializable;

/**
 * Builds a rollout worker's {@link Replica}. Serializable because a distributed backend ships it to its executors
 * once per session and builds the replica there.
 *
 * @param <I> a share of a round's work
 * @param <R> what a worker returns for its share
 */
@FunctionalInterface
public interface ReplicaFactory<I extends Serializable, R extends Serializable> extends Serializable {
    /** A fresh replica for worker {@code worker} (0-based). */
    Replica<I, R> create(int worker);
}
