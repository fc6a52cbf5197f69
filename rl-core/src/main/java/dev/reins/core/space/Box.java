package dev.reins.core.space;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A box in R^n with per-dimension bounds, elements as {@code float[]} (Gymnasium's float32 {@code Box}). Bounds
 * may be infinite.
 *
 * <pre>{@code
 * Box torque = Box.uniform(-2f, 2f, 1);      // Pendulum's action space
 * torque.contains(new float[] {0.5f});       // true
 * }</pre>
 */
public final class Box implements Space<float[]> {
    private final float[] low;
    private final float[] high;

    /** A box with the given per-dimension bounds (copied); {@code low[i] <= high[i]} and neither NaN. */
    public Box(float[] low, float[] high) {
        if (low.length != high.length || low.length == 0) {
            throw new IllegalArgumentException("Box bounds must have the same non-zero length, got low "
                    + Arrays.toString(low) + " and high " + Arrays.toString(high));
        }
        for (int i = 0; i < low.length; i++) {
            if (Float.isNaN(low[i]) || Float.isNaN(high[i]) || low[i] > high[i]) {
                throw new IllegalArgumentException("Box bound " + i + " is invalid: low=" + low[i] + ", high=" + high[i]);
            }
        }
        this.low = low.clone();
        this.high = high.clone();
    }

    /** A box with the same bounds in each of {@code dim} dimensions. */
    public static Box uniform(float low, float high, int dim) {
        float[] lo = new float[dim];
        float[] hi = new float[dim];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return new Box(lo, hi);
    }

    /** The number of dimensions. */
    public int dim() {
        return low.length;
    }

    /** A copy of the lower bounds. */
    public float[] low() {
        return low.clone();
    }

    /** A copy of the upper bounds. */
    public float[] high() {
        return high.clone();
    }

    /** The lower bound of dimension {@code i}. */
    public float low(int i) {
        return low[i];
    }

    /** The upper bound of dimension {@code i}. */
    public float high(int i) {
        return high[i];
    }

    /** Whether every dimension has finite bounds. */
    public boolean isBounded() {
        for (int i = 0; i < low.length; i++) {
            if (Float.isInfinite(low[i]) || Float.isInfinite(high[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof float[] x) || x.length != low.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= low[i] && x[i] <= high[i])) { // NaN fails both comparisons
                return false;
            }
        }
        return true;
    }

    /** Like Gymnasium: uniform where bounded, shifted exponential where half-bounded, normal where unbounded. */
    @Override
    public float[] sample(RandomGenerator rng) {
        float[] x = new float[low.length];
        for (int i = 0; i < x.length; i++) {
            boolean lowFinite = Float.isFinite(low[i]);
            boolean highFinite = Float.isFinite(high[i]);
            double v;
            if (lowFinite && highFinite) {
                v = low[i] + rng.nextDouble() * ((double) high[i] - low[i]);
            } else if (lowFinite) {
                v = low[i] + rng.nextExponential();
            } else if (highFinite) {
                v = high[i] - rng.nextExponential();
            } else {
                v = rng.nextGaussian();
            }
            // float rounding can land exactly on an open end; clamp keeps the sample inside
            x[i] = Math.min(high[i], Math.max(low[i], (float) v));
        }
        return x;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = SpaceJson.object("Box");
        node.set("shape", SpaceJson.ints(new int[] {low.length}));
        node.put("dtype", "float32");
        node.set("low", SpaceJson.floats(low));
        node.set("high", SpaceJson.floats(high));
        return node;
    }

    @Override
    public String toString() {
        boolean same = true;
        for (int i = 1; i < low.length; i++) {
            same &= low[i] == low[0] && high[i] == high[0];
        }
        return same
                ? "Box(" + low[0] + ", " + high[0] + ", (" + low.length + ",), float32)"
                : "Box(" + Arrays.toString(low) + ", " + Arrays.toString(high) + ", (" + low.length + ",), float32)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(b.low, low) && Arrays.equals(b.high, high);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
    }
}
