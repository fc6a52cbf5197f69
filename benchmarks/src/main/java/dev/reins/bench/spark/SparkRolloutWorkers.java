package dev.reins.bench.spark;

import dev.reins.algorithms.rollout.ReplicaCache;
import dev.reins.algorithms.rollout.ReplicaFactory;
import dev.reins.algorithms.rollout.RolloutSession;
import dev.reins.algorithms.rollout.RolloutWorkers;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * Rollout workers as Spark tasks: a session broadcasts its replica factory once; each round broadcasts the learner's
 * weights and runs one task per worker (one partition each), which finds or builds its worker's replica in the
 * executor's {@link ReplicaCache}, collects its share and returns the result to the driver. A replica's result depends
 * only on the weights and the share, so a task retried after an executor loss (or run on another executor) returns the
 * same result, and the run equals {@link dev.reins.algorithms.rollout.ThreadRolloutWorkers} with the same count.
 *
 * <pre>{@code
 * try (RolloutWorkers workers = new SparkRolloutWorkers("local[2]", 2)) {
 *     grpo.withRolloutWorkers(workers, setup);
 *     ...
 * }
 * }</pre>
 */
public final class SparkRolloutWorkers implements RolloutWorkers {
    private final JavaSparkContext spark;
    private final int count;
    /** Open sessions, closed with the workers: their replicas sit in this JVM's cache in local mode. */
    private final List<RolloutSession<?, ?>> sessions = new ArrayList<>();

    /** Starts a Spark context on {@code master} with {@code count} rollout workers. */
    public SparkRolloutWorkers(String master, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("rollout workers must be >= 1, got " + count);
        }
        this.count = count;
        this.spark = SparkContexts.start(master, "reins rollout workers");
    }

    @Override
    public int count() {
        return count;
    }

    /** A worker's index and its share of a round, as one partition holds it. */
    private record WorkerShare<I>(int worker, I share) implements Serializable {}

    @Override
    public <I extends Serializable, R extends Serializable> RolloutSession<I, R> open(ReplicaFactory<I, R> factory) {
        String session = UUID.randomUUID().toString();
        Broadcast<ReplicaFactory<I, R>> shippedFactory = spark.broadcast(factory);
        RolloutSession<I, R> opened = new RolloutSession<>() {
            @Override
            public List<R> collect(byte[] weights, List<I> shares) {
                RolloutWorkers.checkShares(count, shares.size());
                List<WorkerShare<I>> work = new ArrayList<>(count);
                for (int w = 0; w < count; w++) {
                    work.add(new WorkerShare<>(w, shares.get(w)));
                }
                Broadcast<byte[]> shippedWeights = spark.broadcast(weights);
                try {
                    return spark.parallelize(work, count).map(task(session, shippedFactory, shippedWeights)).collect();
                } finally {
                    shippedWeights.destroy();
                }
            }

            @Override
            public void close() {
                ReplicaCache.drop(session); // the driver's JVM (local mode); executors elsewhere drop theirs when they stop
                shippedFactory.destroy();
                sessions.remove(this);
            }
        };
        sessions.add(opened);
        return opened;
    }

    /** The task, built in a static method so that its closure holds only these serializable values. */
    private static <I extends Serializable, R extends Serializable> Function<WorkerShare<I>, R> task(String session,
            Broadcast<ReplicaFactory<I, R>> factory, Broadcast<byte[]> weights) {
        return ws -> ReplicaCache.collect(session, ws.worker(), factory.value(), weights.value(), ws.share());
    }

    @Override
    public void close() {
        for (RolloutSession<?, ?> s : List.copyOf(sessions)) {
            s.close();
        }
        spark.close();
    }
}
