package dev.reins.algorithms.nn;

import java.util.random.RandomGenerator;

/**
 * A diagonal Gaussian policy head with a mean per row and a state-independent log standard deviation (PPO's, A2C's and
 * TRPO's continuous policy): log-probabilities, entropy, sampling, and the gradients of log π(a) and of the entropy
 * with respect to the mean and the log-std.
 *
 * <pre>{@code
 * double lp = DiagGaussianHead.logProb(means, b, logStd, actions, b);
 * DiagGaussianHead.backward(means, b, logStd, actions, b, dLogp, dEntropy, meanGradient, logStdGradient);
 * }</pre>
 */
public final class DiagGaussianHead {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private DiagGaussianHead() {}

    /** log π(a) for row {@code b} of {@code means} and of {@code actions} (both {@code logStd.length} wide). */
    public static double logProb(double[] means, int b, double[] logStd, float[] actions, int actionRow) {
        int d = logStd.length;
        double lp = 0;
        for (int j = 0; j < d; j++) {
            double z = (actions[actionRow * d + j] - means[b * d + j]) * Math.exp(-logStd[j]);
            lp += -0.5 * z * z - logStd[j] - LOG_SQRT_2PI;
        }
        return lp;
    }

    /** The entropy Σ (log σ_j + ½ + log √(2π)); the same for every row. */
    public static double entropy(double[] logStd) {
        double h = 0;
        for (double ls : logStd) {
            h += ls + 0.5 + LOG_SQRT_2PI;
        }
        return h;
    }

    /** Draws row {@code b}'s action into {@code out[outRow ..]}: μ + σ·ε. */
    public static void sample(double[] means, int b, double[] logStd, RandomGenerator rng, float[] out, int outRow) {
        int d = logStd.length;
        for (int j = 0; j < d; j++) {
            out[outRow * d + j] = (float) (means[b * d + j] + Math.exp(logStd[j]) * rng.nextGaussian());
        }
    }

    /**
     * Adds row {@code b}'s contribution to dLoss/dmean (written) and dLoss/dlogStd (accumulated) given dLoss/dlog π(a)
     * and dLoss/dH: {@code dlogπ/dμ = (a − μ)/σ²}, {@code dlogπ/dlogσ = ((a − μ)/σ)² − 1}, {@code dH/dlogσ = 1}.
     */
    public static void backward(double[] means, int b, double[] logStd, float[] actions, int actionRow, double dLogProb,
            double dEntropy, double[] meanGradient, double[] logStdGradient) {
        int d = logStd.length;
        for (int j = 0; j < d; j++) {
            double inv = Math.exp(-logStd[j]);
            double diff = actions[actionRow * d + j] - means[b * d + j];
            double z = diff * inv;
            meanGradient[b * d + j] = dLogProb * diff * inv * inv;
            logStdGradient[j] += dLogProb * (z * z - 1) + dEntropy;
        }
    }
}
