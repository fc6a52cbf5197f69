package dev.reins.algorithms.rollout;

import java.io.Serializable;

/**
 * A fixed number of rollout workers on some backend (threads here, Spark tasks in the benchmarks module). A trainer
 * opens a session with its replica factory, then each round sends its weights and one share per worker.
 *
 * <pre>{@code
 * try (RolloutWorkers workers = new ThreadRolloutWorkers(2)) {
 *     Grpo<int[]> grpo = new Grpo<>(policy, envFactory, scorer, config, seed).withRolloutWorkers(workers, setup);
 *     grpo.iterate();
 * }
 * }</pre>
 */
public interface RolloutWorkers extends AutoCloseable {
    /** Number of workers; every round has one share per worker. */
    int count();

    /** Starts a session whose replicas {@code factory} builds (each worker builds its own, once). */
    <I extends Serializable, R extends Serializable> RolloutSession<I, R> open(ReplicaFactory<I, R> factory);

    /** Stops the workers (and closes their sessions). */
    @Override
    void close();

    /** Checks a round's shares against the worker count. */
    static void checkShares(int workers, int shares) {
        if (shares != workers) {
            throw new IllegalArgumentException("a round needs one share per rollout worker: " + workers + " workers, " + shares
                    + " shares");
        }
    }
}
