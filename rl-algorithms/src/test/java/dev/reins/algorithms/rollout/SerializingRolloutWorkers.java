package dev.reins.algorithms.rollout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A test backend that behaves as a distributed one does: the factory and every share, weights and result pass through
 * Java serialization, replicas live in {@link ReplicaCache}, and workers run in reverse order. In round
 * {@code failRound} worker 0's first attempt is lost after collecting (its executor and replicas gone) and retried.
 */
public final class SerializingRolloutWorkers implements RolloutWorkers {
    private final int count;
    private final int failRound;
    private int rounds;
    /** Tasks retried so far. */
    public int retries;

    public SerializingRolloutWorkers(int count, int failRound) {
        this.count = count;
        this.failRound = failRound;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public <I extends Serializable, R extends Serializable> RolloutSession<I, R> open(ReplicaFactory<I, R> factory) {
        String session = UUID.randomUUID().toString();
        byte[] shippedFactory = serialize(factory);
        return new RolloutSession<>() {
            @Override
            @SuppressWarnings("unchecked")
            public List<R> collect(byte[] weights, List<I> shares) {
                RolloutWorkers.checkShares(count, shares.size());
                int round = rounds++;
                List<R> results = new ArrayList<>();
                for (int w = shares.size() - 1; w >= 0; w--) { // the other order: results must not depend on it
                    ReplicaFactory<I, R> f = (ReplicaFactory<I, R>) deserialize(shippedFactory);
                    I share = (I) deserialize(serialize(shares.get(w)));
                    R r = ReplicaCache.collect(session, w, f, weights.clone(), share);
                    if (round == failRound && w == 0 && retries == 0) {
                        retries++;
                        ReplicaCache.drop(session); // the executor and its replicas are gone
                        r = ReplicaCache.collect(session, w, f, weights.clone(), (I) deserialize(serialize(shares.get(w))));
                    }
                    results.add(0, (R) deserialize(serialize(r)));
                }
                return results;
            }

            @Override
            public void close() {
                ReplicaCache.drop(session);
            }
        };
    }

    @Override
    public void close() {}

    static byte[] serialize(Object o) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Object deserialize(byte[] b) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
