package dev.reins.algorithms.offpolicy;

import dev.reins.core.space.Box;

/**
 * Policies act in [−1, 1] per dimension (tanh outputs); envs get {@code low + (a + 1)/2 · (high − low)}, as SB3
 * rescales. The replay buffer stores the [−1, 1] action.
 */
public final class ActionScaling {
    private final Box box;

    public ActionScaling(Box box) {
        if (!box.isBounded()) {
            throw new IllegalArgumentException("continuous off-policy algorithms need a bounded Box action space, got " + box);
        }
        this.box = box;
    }

    public int dim() {
        return box.dim();
    }

    /** The env action for policy action row {@code row} of {@code scaled} (values in [−1, 1], clipped if outside). */
    public float[] toEnv(double[] scaled, int row, float[] out) {
        int d = box.dim();
        for (int j = 0; j < d; j++) {
            double a = Math.max(-1, Math.min(1, scaled[row * d + j]));
            out[j] = (float) (box.low(j) + 0.5 * (a + 1) * (box.high(j) - box.low(j)));
        }
        return out;
    }
}
