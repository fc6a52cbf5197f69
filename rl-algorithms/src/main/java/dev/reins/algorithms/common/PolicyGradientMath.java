package dev.reins.algorithms.common;

import dev.reins.algorithms.nn.Gradients;
import dev.reins.core.algorithm.TrainingDivergedException;
import dev.reins.core.buffer.RolloutBuffer;

/**
 * Small numeric steps the policy-gradient trainers share: per-minibatch advantage normalization, the (optionally
 * clipped) value loss with its gradient, one global-norm clip over several parameter groups, explained variance, and
 * the NaN/Inf guard.
 */
public final class PolicyGradientMath {
    private PolicyGradientMath() {}

    /** {@code x[0..n) ← (x − mean) / (std + 1e-8)} with torch's unbiased std, as SB3 and CleanRL normalize advantages. */
    public static void normalize(double[] x, int n) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += x[i];
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            var += (x[i] - mean) * (x[i] - mean);
        }
        double std = Math.sqrt(var / (n - 1));
        for (int i = 0; i < n; i++) {
            x[i] = (x[i] - mean) / (std + 1e-8);
        }
    }

    /**
     * One sample's value loss {@code 0.5·(V − R)² / b} (SB3's PPO clips V to {@code old ± clipRange} and takes the
     * larger error when {@code clipRange} is not NaN); writes {@code coef · dLoss/dV} into {@code gradient[row]}.
     */
    public static double valueLoss(double v, double ret, double old, double clipRange, int b, double coef, double[] gradient, int row) {
        double error = v - ret;
        if (!Double.isNaN(clipRange)) {
            double clipped = old + Math.max(-clipRange, Math.min(clipRange, v - old));
            double clippedError = clipped - ret;
            if (clippedError * clippedError > error * error) {
                // The clipped error is the active term; it is constant in v outside the range.
                boolean inside = Math.abs(v - old) <= clipRange;
                gradient[row] = inside ? coef * clippedError / b : 0;
                return 0.5 * clippedError * clippedError / b;
            }
        }
        gradient[row] = coef * error / b;
        return 0.5 * error * error / b;
    }

    /** Scales every group so that their joint L2 norm is at most {@code maxNorm} (as torch's clip_grad_norm_); returns the norm. */
    public static double clipGlobalNorm(double maxNorm, double[]... groups) {
        double sq = 0;
        for (double[] g : groups) {
            double n = Gradients.norm(g);
            sq += n * n;
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            for (double[] g : groups) {
                for (int i = 0; i < g.length; i++) {
                    g[i] *= scale;
                }
            }
        }
        return norm;
    }

    /** 1 − Var(R − V) / Var(R) over the buffer (NaN when the returns are constant). */
    public static double explainedVariance(RolloutBuffer buffer) {
        int n = buffer.size();
        double meanR = 0;
        double meanD = 0;
        for (int k = 0; k < n; k++) {
            meanR += buffer.returns[k];
            meanD += buffer.returns[k] - buffer.values[k];
        }
        meanR /= n;
        meanD /= n;
        double varR = 0;
        double varD = 0;
        for (int k = 0; k < n; k++) {
            varR += (buffer.returns[k] - meanR) * (buffer.returns[k] - meanR);
            double d = buffer.returns[k] - buffer.values[k] - meanD;
            varD += d * d;
        }
        return varR == 0 ? Double.NaN : 1 - varD / varR;
    }

    /** Throws the NaN/Inf diagnostic that stops training (the last good checkpoint stays on disk). */
    public static void checkFinite(String algorithm, double loss, long steps) {
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(algorithm + ": the loss became " + loss + " at step " + steps
                    + "; lower learning_rate or normalize observations/rewards. Training stopped; the last checkpoint is kept.");
        }
    }
}
