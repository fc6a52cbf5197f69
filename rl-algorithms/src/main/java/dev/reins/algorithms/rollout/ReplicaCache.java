package dev.reins.algorithms.rollout;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replicas living in this JVM, by session and worker: a distributed backend's tasks find their worker's
 * replica here instead of rebuilding it every round (an executor keeps it between tasks). A task that lands on an
 * executor without it builds it from the factory; since a replica's result depends only on the weights and the
 * share, where it was built does not change what it returns.
 */
public final class ReplicaCache {
    private static final Map<String, Replica<?, ?>> REPLICAS = new ConcurrentHashMap<>();

    private ReplicaCache() {}

    /** Worker {@code worker}'s replica in session {@code session}, built on first use. */
    @SuppressWarnings("unchecked")
    private static <I extends Serializable, R extends Serializable> Replica<I, R> get(String session, int worker,
            ReplicaFactory<I, R> factory) {
        return (Replica<I, R>) REPLICAS.computeIfAbsent(session + "/" + worker, k -> factory.create(worker));
    }

    /** Forgets a session's replicas (in this JVM). */
    public static void drop(String session) {
        REPLICAS.keySet().removeIf(k -> k.startsWith(session + "/"));
    }

    /** Collects a share on a cached replica, one task at a time per replica (a retried task may overlap a straggler). */
    public static <I extends Serializable, R extends Serializable> R collect(String session, int worker, ReplicaFactory<I, R> factory,
            byte[] weights, I share) {
        Replica<I, R> replica = get(session, worker, factory);
        synchronized (replica) {
            return replica.collect(weights, share);
        }
    }
}
