package dev.reins.algorithms.loss;

import java.util.Arrays;

/**
 * The clipped-surrogate policy loss shared by PPO on classic control and by GRPO / PPO-RLHF on a transformer
 * (design.md): given per-action log-probabilities under the current policy, the behaviour ("old") policy and optionally
 * a frozen reference, advantages and a mask, it returns the loss, its gradient with respect to the current
 * log-probabilities (and to per-sample entropies), and the usual diagnostics. Networks turn those gradients into
 * parameter gradients; nothing here knows about a network or an env.
 *
 * <p>Per sample {@code i} with ratio {@code ρ = exp(logp − old)}:
 * <pre>
 *   surrogate_i = min(ρA, clip(ρ, 1−ε, 1+ε_high)A)                    (PPO-Clip; ε_high = ε unless clip-higher)
 *   surrogate_i = max(surrogate_i, c·A)       if A &lt; 0 and dual clip c &gt; 1   (Ye et al., 2020)
 *   kl_i        = logp − ref                  (k1)   or   exp(ref − logp) − (ref − logp) − 1   (k3, Schulman)
 *   loss_i      = −surrogate_i + β·kl_i − entropyCoef·entropy_i
 * </pre>
 * aggregated over the mask as the mean over all unmasked samples ({@link Aggregation#TOKEN_MEAN}), the mean over rows
 * of each row's own mean ({@link Aggregation#SEQUENCE_MEAN}) or the sum divided by rows × a fixed length
 * ({@link Aggregation#DR_GRPO}); arrays are {@code [rows × columns]}, one row per sequence (columns = 1 for ordinary
 * RL samples).
 *
 * <pre>{@code
 * var loss = new ClippedSurrogateLoss(new ClippedSurrogateLoss.Config(0.2, Double.NaN, 0.01, 0.0, KlEstimator.K3,
 *         Aggregation.TOKEN_MEAN));
 * ClippedSurrogateLoss.Result r = loss.compute(logProbs, oldLogProbs, null, advantages, null, entropies, batch, 1);
 * // r.logProbGradient()[i] = dLoss/dlogp_i ; r.clipFraction(), r.approxKl() ...
 * }</pre>
 */
public final class ClippedSurrogateLoss {

    /** How the KL to the reference policy is estimated from samples of the current policy. */
    public enum KlEstimator {
        /** {@code logp − ref}: unbiased, can be negative per sample. */
        K1,
        /** {@code exp(ref − logp) − (ref − logp) − 1}: unbiased, always ≥ 0, lower variance (GRPO's choice). */
        K3
    }

    /** How per-sample losses are averaged. */
    public enum Aggregation {
        /** Mean over every unmasked sample (token): long sequences weigh more. */
        TOKEN_MEAN,
        /** Mean over rows of each row's mean over its unmasked samples: every sequence weighs the same. */
        SEQUENCE_MEAN,
        /**
         * Sum over unmasked samples divided by rows × {@code normalizer_length} (Dr. GRPO, Liu et al., 2025): a
         * constant, so a token's weight depends neither on its sequence's length nor on the other sequences.
         */
        DR_GRPO
    }

    /**
     * @param clip ε of the ratio clip
     * @param dualClip the dual-clip constant c (&gt; 1), or NaN for none
     * @param entropyCoefficient weight of the entropy bonus
     * @param klCoefficient β of the KL-to-reference penalty (0 disables; then no reference log-probs are needed)
     * @param klEstimator k1 or k3
     * @param aggregation token-mean, sequence-mean or Dr. GRPO's fixed normalizer
     * @param clipHigh ε_high, the upper side of the ratio clip (DAPO's clip-higher); equal to {@code clip} for PPO
     * @param normalizerLength the fixed length of {@link Aggregation#DR_GRPO} (e.g. the longest completion allowed);
     *     unused by the other aggregations
     */
    public record Config(double clip, double dualClip, double entropyCoefficient, double klCoefficient, KlEstimator klEstimator,
            Aggregation aggregation, double clipHigh, int normalizerLength) {
        public Config {
            if (!(clip >= 0) || !(clipHigh >= 0)) { // 0 happens at the end of a schedule decaying to zero
                throw new IllegalArgumentException("clip must be >= 0, got " + clip + (clipHigh != clip ? " (high " + clipHigh + ")" : ""));
            }
            if (aggregation == Aggregation.DR_GRPO && normalizerLength <= 0) {
                throw new IllegalArgumentException("dr_grpo aggregation needs a normalizer length > 0, got " + normalizerLength);
            }
            if (!Double.isNaN(dualClip) && !(dualClip > 1)) {
                throw new IllegalArgumentException("dual_clip must be > 1 (or unset), got " + dualClip);
            }
            if (!(klCoefficient >= 0) || !Double.isFinite(entropyCoefficient)) {
                throw new IllegalArgumentException("kl_coefficient must be >= 0 and entropy_coefficient finite, got " + klCoefficient
                        + ", " + entropyCoefficient);
            }
        }

        /** A symmetric clip (PPO's). */
        public Config(double clip, double dualClip, double entropyCoefficient, double klCoefficient, KlEstimator klEstimator,
                Aggregation aggregation) {
            this(clip, dualClip, entropyCoefficient, klCoefficient, klEstimator, aggregation, clip, 0);
        }
    }

    /**
     * @param loss the aggregated loss
     * @param logProbGradient dLoss/dlogp per sample (0 where masked)
     * @param entropyGradient dLoss/dentropy per sample (0 where masked)
     * @param approxKl mean of {@code (ρ − 1) − log ρ} (old → new, k3), for early stopping
     * @param clipFraction fraction of samples whose clip is active — the ratio left [1 − ε, 1 + ε] on the side the
     *     advantage favours (or the dual clip bound), so a clipped term is the minimum and the sample gives no
     *     gradient (TRL's {@code policy/clipfrac}; SB3 counts every ratio outside the range)
     * @param entropy mean entropy (NaN when none given)
     * @param referenceKl mean KL estimate to the reference (NaN without one)
     */
    public record Result(double loss, double[] logProbGradient, double[] entropyGradient, double approxKl, double clipFraction,
            double entropy, double referenceKl) {}

    private final Config config;

    public ClippedSurrogateLoss(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /**
     * Computes the loss for {@code rows × columns} samples.
     *
     * @param logProbs current log π(a|s)
     * @param oldLogProbs log-probabilities under the policy that collected the data
     * @param referenceLogProbs log-probabilities under the frozen reference, or null when β = 0
     * @param advantages advantage estimates
     * @param mask 1 for real samples, 0 for padding; null means all real
     * @param entropies per-sample policy entropies, or null for no entropy bonus
     */
    public Result compute(double[] logProbs, double[] oldLogProbs, double[] referenceLogProbs, double[] advantages, double[] mask,
            double[] entropies, int rows, int columns) {
        int n = rows * columns;
        check("logProbs", logProbs, n);
        check("oldLogProbs", oldLogProbs, n);
        check("advantages", advantages, n);
        if (mask != null) {
            check("mask", mask, n);
        }
        if (entropies != null) {
            check("entropies", entropies, n);
        }
        boolean useKl = config.klCoefficient() > 0;
        if (useKl) {
            if (referenceLogProbs == null) {
                throw new IllegalArgumentException("kl_coefficient " + config.klCoefficient() + " > 0 needs reference log-probs");
            }
            check("referenceLogProbs", referenceLogProbs, n);
        }
        double[] weights = weights(mask, rows, columns);
        double[] gradLogp = new double[n];
        double[] gradEntropy = new double[n];
        double loss = 0;
        double approxKl = 0;
        double clipped = 0;
        double entropySum = 0;
        double refKlSum = 0;
        double count = 0;
        double lo = 1 - config.clip();
        double hi = 1 + config.clipHigh();
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            if (w == 0) {
                continue;
            }
            count++;
            double logRatio = logProbs[i] - oldLogProbs[i];
            double ratio = Math.exp(logRatio);
            double a = advantages[i];
            double unclipped = ratio * a;
            double clippedRatio = Math.max(lo, Math.min(hi, ratio));
            double surrogate = Math.min(unclipped, clippedRatio * a);
            // d surrogate / d logp = ρA where the unclipped term is the minimum; where the clipped term is strictly
            // smaller the ratio is outside the clip range, so the clipped term is constant in logp.
            boolean clipActive = unclipped > clippedRatio * a;
            double dSurrogate = clipActive ? 0 : unclipped;
            if (!Double.isNaN(config.dualClip()) && a < 0 && config.dualClip() * a > surrogate) {
                surrogate = config.dualClip() * a;
                dSurrogate = 0;
                clipActive = true;
            }
            double sampleLoss = -surrogate;
            double dLogp = -dSurrogate;
            if (useKl) {
                double delta = referenceLogProbs[i] - logProbs[i];
                double kl;
                double dKl;
                if (config.klEstimator() == KlEstimator.K1) {
                    kl = -delta;
                    dKl = 1;
                } else {
                    double e = Math.exp(delta);
                    kl = e - delta - 1;
                    dKl = 1 - e;
                }
                sampleLoss += config.klCoefficient() * kl;
                dLogp += config.klCoefficient() * dKl;
                refKlSum += kl;
            }
            if (entropies != null) {
                sampleLoss -= config.entropyCoefficient() * entropies[i];
                gradEntropy[i] = -config.entropyCoefficient() * w;
                entropySum += entropies[i];
            }
            loss += w * sampleLoss;
            gradLogp[i] = w * dLogp;
            approxKl += (ratio - 1) - logRatio;
            if (clipActive) {
                clipped++; // the clipped term is the minimum: it, not the ratio, stops this sample's gradient
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("every sample is masked out: no loss to compute");
        }
        return new Result(loss, gradLogp, gradEntropy, approxKl / count, clipped / count,
                entropies == null ? Double.NaN : entropySum / count, useKl ? refKlSum / count : Double.NaN);
    }

    /** Each sample's weight in the aggregated mean (its mask divided by the right count). */
    private double[] weights(double[] mask, int rows, int columns) {
        double[] w = new double[rows * columns];
        if (config.aggregation() == Aggregation.TOKEN_MEAN) {
            double total = 0;
            for (int i = 0; i < w.length; i++) {
                total += mask == null ? 1 : mask[i];
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = total == 0 ? 0 : (mask == null ? 1 : mask[i]) / total;
            }
            return w;
        }
        if (config.aggregation() == Aggregation.DR_GRPO) {
            double normalizer = (double) rows * config.normalizerLength();
            for (int i = 0; i < w.length; i++) {
                w[i] = (mask == null ? 1 : mask[i]) / normalizer;
            }
            return w;
        }
        int nonEmptyRows = 0;
        for (int r = 0; r < rows; r++) {
            double rowTotal = 0;
            for (int c = 0; c < columns; c++) {
                rowTotal += mask == null ? 1 : mask[r * columns + c];
            }
            if (rowTotal > 0) {
                nonEmptyRows++;
                for (int c = 0; c < columns; c++) {
                    w[r * columns + c] = (mask == null ? 1 : mask[r * columns + c]) / rowTotal;
                }
            }
        }
        for (int i = 0; i < w.length && nonEmptyRows > 0; i++) {
            w[i] /= nonEmptyRows;
        }
        return w;
    }

    private static void check(String name, double[] values, int n) {
        if (values == null || values.length != n) {
            throw new IllegalArgumentException(name + " must hold rows × columns = " + n + " values, got "
                    + (values == null ? "null" : values.length));
        }
        for (double v : values) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException(name + " contains NaN: " + Arrays.toString(Arrays.copyOf(values, Math.min(8, n)))
                        + (n > 8 ? "..." : ""));
            }
        }
    }
}
