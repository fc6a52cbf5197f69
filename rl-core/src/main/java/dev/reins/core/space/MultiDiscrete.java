package dev.reins.core.space;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A vector of independent discrete values, element {@code i} in {@code [0, nvec[i])} (Gymnasium's
 * {@code MultiDiscrete}). Also the space of tuple-of-discrete observations such as Blackjack's.
 *
 * <pre>{@code
 * MultiDiscrete blackjack = new MultiDiscrete(32, 11, 2);
 * blackjack.contains(new int[] {14, 10, 0});   // true
 * int index = blackjack.flatten(new int[] {14, 10, 0});   // a single state index for tabular methods
 * }</pre>
 */
public final class MultiDiscrete implements Space<int[]> {
    private final int[] nvec;

    /** One entry per dimension: the number of values it takes. */
    public MultiDiscrete(int... nvec) {
        if (nvec.length == 0) {
            throw new IllegalArgumentException("MultiDiscrete needs at least one dimension");
        }
        for (int i = 0; i < nvec.length; i++) {
            if (nvec[i] <= 0) {
                throw new IllegalArgumentException("MultiDiscrete nvec[" + i + "] must be > 0, got " + nvec[i]);
            }
        }
        this.nvec = nvec.clone();
    }

    /** A copy of the number of values per dimension. */
    public int[] nvec() {
        return nvec.clone();
    }

    /** The number of dimensions. */
    public int dim() {
        return nvec.length;
    }

    /** The number of distinct elements (product of nvec). */
    public long cardinality() {
        long total = 1;
        for (int n : nvec) {
            total = Math.multiplyExact(total, n);
        }
        return total;
    }

    /** The row-major index of {@code value} in {@code [0, cardinality())}. */
    public int flatten(int[] value) {
        if (!contains(value)) {
            throw new IllegalArgumentException(Space.describeValue(value) + " is not in " + this);
        }
        long index = 0;
        for (int i = 0; i < nvec.length; i++) {
            index = index * nvec[i] + value[i];
        }
        return Math.toIntExact(index);
    }

    /** The element whose {@link #flatten} is {@code index}. */
    public int[] unflatten(int index) {
        if (index < 0 || index >= cardinality()) {
            throw new IllegalArgumentException("index " + index + " is outside [0, " + cardinality() + ") of " + this);
        }
        int[] value = new int[nvec.length];
        for (int i = nvec.length - 1; i >= 0; i--) {
            value[i] = index % nvec[i];
            index /= nvec[i];
        }
        return value;
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof int[] x) || x.length != nvec.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i] < 0 || x[i] >= nvec[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int[] sample(RandomGenerator rng) {
        int[] x = new int[nvec.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(nvec[i]);
        }
        return x;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = SpaceJson.object("MultiDiscrete");
        node.set("nvec", SpaceJson.ints(nvec));
        return node;
    }

    @Override
    public String toString() {
        return "MultiDiscrete(" + Arrays.toString(nvec) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiDiscrete m && Arrays.equals(m.nvec, nvec);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nvec);
    }
}
