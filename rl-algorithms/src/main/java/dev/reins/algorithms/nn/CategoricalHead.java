package dev.reins.algorithms.nn;

import dev.reins.core.policy.QFunction;
import java.util.random.RandomGenerator;

/**
 * A categorical policy head over logits rows: log-probabilities, entropy, sampling, and the gradients of log π(a) and
 * of the entropy with respect to the logits, which turn a policy loss's per-sample gradients into the gradient a
 * {@link Network} backpropagates.
 *
 * <pre>{@code
 * CategoricalHead.logSoftmax(logits, b, actions, logProbs);
 * double h = CategoricalHead.entropy(logProbs, b, actions);
 * CategoricalHead.backward(logProbs, b, actions, action, dLogp, dEntropy, logitGradient);
 * }</pre>
 */
public final class CategoricalHead {
    private CategoricalHead() {}

    /** Row {@code b} of {@code logits} ({@code actions} wide) → log-probabilities, stable under large logits. */
    public static void logSoftmax(double[] logits, int b, int actions, double[] logProbs) {
        int o = b * actions;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < actions; k++) {
            max = Math.max(max, logits[o + k]);
        }
        double sum = 0;
        for (int k = 0; k < actions; k++) {
            sum += Math.exp(logits[o + k] - max);
        }
        double logZ = max + Math.log(sum);
        for (int k = 0; k < actions; k++) {
            logProbs[o + k] = logits[o + k] - logZ;
        }
    }

    /** −Σ p log p of row {@code b}. */
    public static double entropy(double[] logProbs, int b, int actions) {
        double h = 0;
        for (int k = 0; k < actions; k++) {
            double lp = logProbs[b * actions + k];
            h -= Math.exp(lp) * lp;
        }
        return h;
    }

    /** An action drawn from row {@code b} by inverse CDF. */
    public static int sample(double[] logProbs, int b, int actions, RandomGenerator rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        for (int k = 0; k < actions; k++) {
            cumulative += Math.exp(logProbs[b * actions + k]);
            if (u < cumulative) {
                return k;
            }
        }
        return actions - 1;
    }

    /** The most likely action of row {@code b} (ties to the lowest). */
    public static int mode(double[] logits, int b, int actions) {
        return QFunction.argmax(logits, b * actions, actions);
    }

    /**
     * Writes dLoss/dlogits of row {@code b} given dLoss/dlog π(a) and dLoss/dH:
     * {@code d log π(a)/dz_k = [k = a] − p_k} and {@code dH/dz_k = −p_k (log p_k + H)}.
     */
    public static void backward(double[] logProbs, int b, int actions, int action, double dLogProb, double dEntropy,
            double[] logitGradient) {
        double h = entropy(logProbs, b, actions);
        for (int k = 0; k < actions; k++) {
            double lp = logProbs[b * actions + k];
            double p = Math.exp(lp);
            logitGradient[b * actions + k] = dLogProb * ((k == action ? 1 : 0) - p) + dEntropy * (-p * (lp + h));
        }
    }
}
