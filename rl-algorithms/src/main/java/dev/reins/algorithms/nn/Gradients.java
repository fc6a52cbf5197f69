package dev.reins.algorithms.nn;

/** Operations on flat gradients and parameters shared by all algorithms. */
public final class Gradients {
    private Gradients() {}

    /** The L2 norm of {@code g}. */
    public static double norm(double[] g) {
        double sum = 0;
        for (double x : g) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales {@code g} so its L2 norm is at most {@code maxNorm} (as PyTorch's {@code clip_grad_norm_}, with its 1e-6
     * guard); returns the norm before clipping. A non-finite norm is returned untouched for the caller to report.
     */
    public static double clipGlobalNorm(double[] g, double maxNorm) {
        double norm = norm(g);
        if (Double.isFinite(norm) && norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            for (int i = 0; i < g.length; i++) {
                g[i] *= scale;
            }
        }
        return norm;
    }

    /** Target ← online (a hard target-network update). */
    public static void copyInto(double[] online, double[] target) {
        System.arraycopy(online, 0, target, 0, online.length);
    }

    /** Target ← τ·online + (1 − τ)·target (a Polyak / soft update). */
    public static void polyak(double[] online, double[] target, double tau) {
        for (int i = 0; i < target.length; i++) {
            target[i] = tau * online[i] + (1 - tau) * target[i];
        }
    }
}
