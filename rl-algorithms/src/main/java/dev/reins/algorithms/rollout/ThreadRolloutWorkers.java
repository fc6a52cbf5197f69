package dev.reins.algorithms.rollout;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rollout workers on threads of this JVM: worker w always runs on its own replica, so a round's results are the
 * same whatever the threads' timing. The reference the Spark backend must equal.
 *
 * <pre>{@code
 * try (RolloutWorkers workers = new ThreadRolloutWorkers(2)) { ... }
 * }</pre>
 */
public final class ThreadRolloutWorkers implements RolloutWorkers {
    private final int count;
    private final ExecutorService threads;

    public ThreadRolloutWorkers(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("rollout workers must be >= 1, got " + count);
        }
        this.count = count;
        this.threads = Executors.newFixedThreadPool(count, r -> {
            Thread t = new Thread(r, "rollout-worker");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public <I extends Serializable, R extends Serializable> RolloutSession<I, R> open(ReplicaFactory<I, R> factory) {
        List<Replica<I, R>> replicas = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            replicas.add(factory.create(w));
        }
        return new RolloutSession<>() {
            @Override
            public List<R> collect(byte[] weights, List<I> shares) {
                RolloutWorkers.checkShares(count, shares.size());
                List<Future<R>> futures = new ArrayList<>();
                for (int w = 0; w < count; w++) {
                    Replica<I, R> replica = replicas.get(w);
                    I share = shares.get(w);
                    futures.add(threads.submit(() -> replica.collect(weights, share)));
                }
                List<R> results = new ArrayList<>(count);
                for (Future<R> f : futures) {
                    try {
                        results.add(f.get());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for rollout workers", e);
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof RuntimeException re) {
                            throw re; // the worker's own error (e.g. a diverged policy), as in a single-worker run
                        }
                        throw new IllegalStateException("a rollout worker failed", e.getCause());
                    }
                }
                return results;
            }

            @Override
            public void close() {
                replicas.clear();
            }
        };
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
