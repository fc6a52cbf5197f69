package dev.reins.algorithms.rollout;

import java.io.Serializable;
import java.util.List;

/**
 * One training run's use of {@link RolloutWorkers}: the replicas built from one factory, driven round by round.
 *
 * @param <I> a share of a round's work
 * @param <R> what a worker returns for its share
 */
public interface RolloutSession<I extends Serializable, R extends Serializable> extends AutoCloseable {
    /**
     * One round: worker w loads {@code weights} and collects {@code shares.get(w)}; the results come back in worker
     * order. Needs exactly one share per worker.
     */
    List<R> collect(byte[] weights, List<I> shares);

    /** Drops the replicas. */
    @Override
    void close();
}
