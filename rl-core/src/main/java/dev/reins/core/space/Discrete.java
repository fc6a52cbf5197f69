package dev.reins.core.space;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.random.RandomGenerator;

/**
 * The integers {@code start, start+1, ..., start+n-1} (Gymnasium's {@code Discrete(n, start)}).
 *
 * <pre>{@code
 * Discrete actions = new Discrete(2);       // CartPole: push left (0) or right (1)
 * actions.contains(1);                      // true
 * }</pre>
 */
public final class Discrete implements Space<Integer> {
    private final int n;
    private final int start;

    /** {@code n} values starting at 0. */
    public Discrete(int n) {
        this(n, 0);
    }

    /** {@code n} values starting at {@code start}. */
    public Discrete(int n, int start) {
        if (n <= 0) {
            throw new IllegalArgumentException("Discrete space needs n > 0, got n=" + n);
        }
        this.n = n;
        this.start = start;
    }

    /** The number of values. */
    public int n() {
        return n;
    }

    /** The smallest value. */
    public int start() {
        return start;
    }

    @Override
    public boolean contains(Object value) {
        return value instanceof Integer i && i >= start && i - start < n;
    }

    @Override
    public Integer sample(RandomGenerator rng) {
        return start + rng.nextInt(n);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = SpaceJson.object("Discrete");
        node.put("n", n);
        node.put("start", start);
        return node;
    }

    @Override
    public String toString() {
        return start == 0 ? "Discrete(" + n + ")" : "Discrete(" + n + ", start=" + start + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Discrete d && d.n == n && d.start == start;
    }

    @Override
    public int hashCode() {
        return 31 * n + start;
    }
}
