package dev.reins.algorithms.imitation;

import dev.reins.core.space.Box;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.MultiDiscrete;
import dev.reins.core.space.Space;

/**
 * Turns an observation of any space into the vector a network reads: a {@code Box} as it is, a {@code Discrete} state
 * as a one-hot vector, a {@code MultiDiscrete} one as the concatenation of one one-hot vector per component. Imitation
 * learns from files, not from vector envs, so it can learn tabular envs (FrozenLake, Taxi) too.
 *
 * <pre>{@code
 * ObservationFeatures f = ObservationFeatures.of(new Discrete(16));
 * double[] row = new double[f.dim()];
 * f.encode(5, row, 0);            // row[5] = 1
 * }</pre>
 */
public final class ObservationFeatures {
    private final Space<?> space;
    private final int dim;

    private ObservationFeatures(Space<?> space, int dim) {
        this.space = space;
        this.dim = dim;
    }

    /** The encoder of {@code space}'s observations. */
    public static ObservationFeatures of(Space<?> space) {
        if (space instanceof Box b) {
            return new ObservationFeatures(space, b.dim());
        }
        if (space instanceof Discrete d) {
            return new ObservationFeatures(space, d.n());
        }
        if (space instanceof MultiDiscrete m) {
            int total = 0;
            for (int n : m.nvec()) {
                total += n;
            }
            return new ObservationFeatures(space, total);
        }
        throw new IllegalArgumentException("imitation learns from Box, Discrete or MultiDiscrete observations, got " + space);
    }

    /** The length of a feature row. */
    public int dim() {
        return dim;
    }

    /** Writes {@code observation}'s features into {@code out[offset, offset + dim)}. */
    public void encode(Object observation, double[] out, int offset) {
        if (space instanceof Box) {
            float[] x = (float[]) observation;
            for (int i = 0; i < dim; i++) {
                out[offset + i] = x[i];
            }
            return;
        }
        java.util.Arrays.fill(out, offset, offset + dim, 0.0);
        if (space instanceof Discrete d) {
            out[offset + (Integer) observation - d.start()] = 1;
            return;
        }
        int[] x = (int[]) observation;
        int base = 0;
        int[] nvec = ((MultiDiscrete) space).nvec();
        for (int i = 0; i < nvec.length; i++) {
            out[offset + base + x[i]] = 1;
            base += nvec[i];
        }
    }
}
