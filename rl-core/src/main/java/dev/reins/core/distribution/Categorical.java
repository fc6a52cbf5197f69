package dev.reins.core.distribution;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A distribution over {@code 0..n-1} given by logits (unnormalized log-probabilities), normalized with a stable
 * log-sum-exp.
 *
 * <pre>{@code
 * Categorical pi = Categorical.ofLogits(new double[] {1.0, 1.0});
 * pi.logProb(0);   // log 0.5
 * }</pre>
 */
public final class Categorical implements ActionDistribution<Integer> {
    private final double[] logProbs;

    private Categorical(double[] logProbs) {
        this.logProbs = logProbs;
    }

    /** The softmax of {@code logits} (copied); logits must be finite or −∞ (impossible action), not all −∞. */
    public static Categorical ofLogits(double[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("Categorical needs at least one logit");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            if (Double.isNaN(l) || l == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("Categorical logits must be finite or -Infinity, got " + Arrays.toString(logits));
            }
            max = Math.max(max, l);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("Categorical logits are all -Infinity: no action is possible");
        }
        double sum = 0;
        for (double l : logits) {
            sum += Math.exp(l - max);
        }
        double logZ = max + Math.log(sum);
        double[] lp = new double[logits.length];
        for (int i = 0; i < lp.length; i++) {
            lp[i] = logits[i] - logZ;
        }
        return new Categorical(lp);
    }

    /** The distribution with the given probabilities (non-negative, summing to 1 within 1e-6). */
    public static Categorical ofProbabilities(double[] probabilities) {
        double total = 0;
        double[] logits = new double[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            if (!(probabilities[i] >= 0)) {
                throw new IllegalArgumentException("probabilities must be >= 0, got " + Arrays.toString(probabilities));
            }
            total += probabilities[i];
            logits[i] = Math.log(probabilities[i]);
        }
        if (Math.abs(total - 1) > 1e-6) {
            throw new IllegalArgumentException("probabilities must sum to 1, got " + total);
        }
        return ofLogits(logits);
    }

    /** The number of actions. */
    public int size() {
        return logProbs.length;
    }

    /** π(a) for every action. */
    public double[] probabilities() {
        double[] p = new double[logProbs.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logProbs[i]);
        }
        return p;
    }

    @Override
    public Integer sample(RandomGenerator rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < logProbs.length; i++) {
            double p = Math.exp(logProbs[i]);
            if (p > 0) {
                last = i;
                cumulative += p;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        return last; // u landed in the rounding gap above the cumulative sum
    }

    @Override
    public Integer mode() {
        int best = 0;
        for (int i = 1; i < logProbs.length; i++) {
            if (logProbs[i] > logProbs[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public double logProb(Integer action) {
        if (action == null || action < 0 || action >= logProbs.length) {
            throw new IllegalArgumentException("action " + action + " is outside [0, " + logProbs.length + ")");
        }
        return logProbs[action];
    }

    @Override
    public double entropy() {
        double h = 0;
        for (double lp : logProbs) {
            if (lp > Double.NEGATIVE_INFINITY) {
                h -= Math.exp(lp) * lp;
            }
        }
        return h;
    }

    @Override
    public double kl(ActionDistribution<Integer> other) {
        if (!(other instanceof Categorical q) || q.logProbs.length != logProbs.length) {
            throw new IllegalArgumentException("KL needs another Categorical of size " + logProbs.length);
        }
        double kl = 0;
        for (int i = 0; i < logProbs.length; i++) {
            if (logProbs[i] > Double.NEGATIVE_INFINITY) {
                kl += Math.exp(logProbs[i]) * (logProbs[i] - q.logProbs[i]);
            }
        }
        return kl;
    }
}
