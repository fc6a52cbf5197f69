package dev.reins.core.buffer;

/**
 * A complete binary tree over {@code capacity} non-negative leaf values that keeps subtree sums and minimums, so
 * prioritized replay can update a priority, read the total and the minimum, and find the leaf holding a given
 * prefix sum, each in O(log n).
 *
 * <pre>{@code
 * SumTree tree = new SumTree(4);
 * tree.set(0, 1.0); tree.set(1, 3.0);
 * tree.find(2.5);   // 1: the prefix sums are [0,1) → leaf 0, [1,4) → leaf 1
 * }</pre>
 */
public final class SumTree {
    private final int capacity;
    private final int leaves; // a power of two >= capacity
    private final double[] sums;
    private final double[] mins;

    public SumTree(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("SumTree capacity must be > 0, got " + capacity);
        }
        this.capacity = capacity;
        int l = 1;
        while (l < capacity) {
            l <<= 1;
        }
        leaves = l;
        sums = new double[2 * l];
        mins = new double[2 * l];
        java.util.Arrays.fill(mins, Double.POSITIVE_INFINITY);
    }

    public int capacity() {
        return capacity;
    }

    /** Sets leaf {@code index} to {@code value ≥ 0}. */
    public void set(int index, double value) {
        if (index < 0 || index >= capacity) {
            throw new IndexOutOfBoundsException("SumTree index " + index + " outside [0, " + capacity + ")");
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("SumTree values must be finite and >= 0, got " + value + " at " + index);
        }
        int node = index + leaves;
        sums[node] = value;
        mins[node] = value;
        for (node >>= 1; node >= 1; node >>= 1) {
            sums[node] = sums[2 * node] + sums[2 * node + 1];
            mins[node] = Math.min(mins[2 * node], mins[2 * node + 1]);
        }
    }

    /** The value of leaf {@code index}. */
    public double get(int index) {
        return sums[index + leaves];
    }

    /** The sum of all leaves. */
    public double total() {
        return sums[1];
    }

    /** The smallest value among leaves that have been set (+∞ when none). */
    public double min() {
        return mins[1];
    }

    /**
     * The leaf {@code i} with {@code Σ_{j<i} v_j ≤ prefix < Σ_{j≤i} v_j}; a prefix at or beyond the total (rounding)
     * gives the last leaf with a positive value.
     */
    public int find(double prefix) {
        if (total() <= 0) {
            throw new IllegalStateException("SumTree is empty (total 0): nothing to find");
        }
        int node = 1;
        while (node < leaves) {
            int left = 2 * node;
            if (prefix < sums[left] || sums[left + 1] == 0) {
                node = left;
            } else {
                prefix -= sums[left];
                node = left + 1;
            }
        }
        return node - leaves;
    }
}
