package dev.reins.algorithms.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.loss.ClippedSurrogateLoss.Aggregation;
import dev.reins.algorithms.loss.ClippedSurrogateLoss.Config;
import dev.reins.algorithms.loss.ClippedSurrogateLoss.KlEstimator;
import dev.reins.core.random.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ClippedSurrogateLossTest {

    private static Config config(double dualClip, double klCoefficient, KlEstimator estimator, Aggregation aggregation) {
        return new Config(0.2, dualClip, 0.01, klCoefficient, estimator, aggregation);
    }

    /** Finite differences of the loss in each log-probability and entropy, for every option combination. */
    @Property(tries = 200)
    void gradientsMatchFiniteDifferences(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int rows,
            @ForAll @IntRange(min = 1, max = 5) int columns, @ForAll boolean dual, @ForAll boolean k3, @ForAll Aggregation aggregation,
            @ForAll boolean clipHigher) {
        Rng rng = new Rng(seed);
        int n = rows * columns;
        double[] logp = new double[n];
        double[] old = new double[n];
        double[] ref = new double[n];
        double[] adv = new double[n];
        double[] mask = new double[n];
        double[] ent = new double[n];
        for (int i = 0; i < n; i++) {
            old[i] = -1 - rng.nextDouble();
            logp[i] = old[i] + 0.6 * rng.nextGaussian(); // ratios on both sides of the clip range
            ref[i] = old[i] + 0.3 * rng.nextGaussian();
            adv[i] = rng.nextGaussian();
            mask[i] = rng.nextDouble() < 0.8 ? 1 : 0;
            ent[i] = rng.nextDouble();
        }
        mask[0] = 1;
        double high = clipHigher ? 0.28 : 0.2;
        var loss = new ClippedSurrogateLoss(new Config(0.2, dual ? 3.0 : Double.NaN, 0.01, 0.1, k3 ? KlEstimator.K3 : KlEstimator.K1,
                aggregation, high, 6));
        var r = loss.compute(logp, old, ref, adv, mask, ent, rows, columns);
        double h = 1e-7;
        for (int i = 0; i < n; i++) {
            double ratio = Math.exp(logp[i] - old[i]);
            if (Math.abs(ratio - 0.8) < 1e-4 || Math.abs(ratio - (1 + high)) < 1e-4) {
                continue; // a kink of the clip: no derivative there
            }
            double saved = logp[i];
            logp[i] = saved + h;
            double plus = loss.compute(logp, old, ref, adv, mask, ent, rows, columns).loss();
            logp[i] = saved - h;
            double minus = loss.compute(logp, old, ref, adv, mask, ent, rows, columns).loss();
            logp[i] = saved;
            assertEquals((plus - minus) / (2 * h), r.logProbGradient()[i], 1e-6, "dL/dlogp " + i);
            saved = ent[i];
            ent[i] = saved + h;
            plus = loss.compute(logp, old, ref, adv, mask, ent, rows, columns).loss();
            ent[i] = saved - h;
            minus = loss.compute(logp, old, ref, adv, mask, ent, rows, columns).loss();
            ent[i] = saved;
            assertEquals((plus - minus) / (2 * h), r.entropyGradient()[i], 1e-7, "dL/dentropy " + i);
        }
    }

    @Test
    void clippingStopsTheGradientOnTheFavourableSide() {
        var loss = new ClippedSurrogateLoss(config(Double.NaN, 0, KlEstimator.K3, Aggregation.TOKEN_MEAN));
        // ratio e^0.5 ≈ 1.65 with a positive advantage: clipped at 1.2, no gradient; with a negative advantage the
        // unclipped (worse) term is the minimum, so the gradient flows.
        var positive = loss.compute(new double[] {0.5}, new double[] {0}, null, new double[] {2}, null, null, 1, 1);
        assertEquals(0.0, positive.logProbGradient()[0], 0.0);
        assertEquals(-1.2 * 2, positive.loss(), 1e-12);
        assertEquals(1.0, positive.clipFraction());
        var negative = loss.compute(new double[] {0.5}, new double[] {0}, null, new double[] {-2}, null, null, 1, 1);
        assertEquals(Math.exp(0.5) * 2, negative.logProbGradient()[0], 1e-12);
        assertEquals(0.0, negative.clipFraction(), "outside the range, but the clip is not what limits the gradient");
        assertEquals((Math.exp(0.5) - 1) - 0.5, negative.approxKl(), 1e-12);
    }

    @Test
    void dualClipBoundsTheLossForNegativeAdvantages() {
        var loss = new ClippedSurrogateLoss(config(3.0, 0, KlEstimator.K3, Aggregation.TOKEN_MEAN));
        // ratio e^2 ≈ 7.4, A = −1: PPO's objective would be −7.4; dual clip keeps it at −3 with no gradient.
        var r = loss.compute(new double[] {2}, new double[] {0}, null, new double[] {-1}, null, null, 1, 1);
        assertEquals(3.0, r.loss(), 1e-12);
        assertEquals(0.0, r.logProbGradient()[0], 0.0);
    }

    @Test
    void aggregationWeighsTokensOrSequences() {
        // Row 0 has 3 real tokens of advantage 1, row 1 one real token of advantage 4; ratios are 1.
        double[] zeros = new double[8];
        double[] adv = {1, 1, 1, 0, 4, 0, 0, 0};
        double[] mask = {1, 1, 1, 0, 1, 0, 0, 0};
        var token = new ClippedSurrogateLoss(config(Double.NaN, 0, KlEstimator.K3, Aggregation.TOKEN_MEAN))
                .compute(zeros, zeros, null, adv, mask, null, 2, 4);
        var sequence = new ClippedSurrogateLoss(config(Double.NaN, 0, KlEstimator.K3, Aggregation.SEQUENCE_MEAN))
                .compute(zeros, zeros, null, adv, mask, null, 2, 4);
        assertEquals(-(1 + 1 + 1 + 4) / 4.0, token.loss(), 1e-12);
        assertEquals(-(1 + 4) / 2.0, sequence.loss(), 1e-12);
        assertEquals(0.0, token.logProbGradient()[3], "masked tokens get no gradient");
        var drGrpo = new ClippedSurrogateLoss(new Config(0.2, Double.NaN, 0, 0, KlEstimator.K3, Aggregation.DR_GRPO, 0.2, 5))
                .compute(zeros, zeros, null, adv, mask, null, 2, 4);
        assertEquals(-(1 + 1 + 1 + 4) / (2 * 5.0), drGrpo.loss(), 1e-12, "sum over tokens / (rows × the fixed length)");
        assertEquals(-1 / 10.0, drGrpo.logProbGradient()[0], 1e-15);
    }

    @Test
    void clipHigherWidensOnlyTheUpperSide() {
        // Ratios 1.25 (A > 0) and 0.75 (A < 0): with ε = 0.2 both are clipped; with ε_high = 0.28 only the second.
        double[] old = {0, 0};
        double[] logp = {Math.log(1.25), Math.log(0.75)};
        double[] adv = {1, -1};
        var symmetric = new ClippedSurrogateLoss(config(Double.NaN, 0, KlEstimator.K3, Aggregation.TOKEN_MEAN))
                .compute(logp, old, null, adv, null, null, 2, 1);
        var higher = new ClippedSurrogateLoss(new Config(0.2, Double.NaN, 0.01, 0, KlEstimator.K3, Aggregation.TOKEN_MEAN, 0.28, 0))
                .compute(logp, old, null, adv, null, null, 2, 1);
        assertEquals(1.0, symmetric.clipFraction(), 0.0);
        assertEquals(0.5, higher.clipFraction(), 0.0);
        assertEquals(-1.25 / 2, higher.logProbGradient()[0], 1e-12, "inside [0.8, 1.28]: gradient −ρA/n");
        assertEquals(0.0, higher.logProbGradient()[1], 0.0, "below 1 − ε with A < 0: clipped");
    }

    @Test
    void k3IsNonNegativeAndZeroAtTheReference() {
        var loss = new ClippedSurrogateLoss(config(Double.NaN, 1.0, KlEstimator.K3, Aggregation.TOKEN_MEAN));
        double[] lp = {-1.0, -2.0, -0.5};
        var same = loss.compute(lp, lp, lp, new double[3], null, null, 3, 1);
        assertEquals(0.0, same.referenceKl(), 1e-15);
        var apart = loss.compute(lp, lp, new double[] {-3, 0, -0.1}, new double[3], null, null, 3, 1);
        assertTrue(apart.referenceKl() > 0);
    }

    @Test
    void badInputIsNamed() {
        var loss = new ClippedSurrogateLoss(config(Double.NaN, 0.1, KlEstimator.K3, Aggregation.TOKEN_MEAN));
        var e = assertThrows(IllegalArgumentException.class, () -> loss.compute(new double[2], new double[2], null, new double[2],
                null, null, 2, 1));
        assertTrue(e.getMessage().contains("reference log-probs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loss.compute(new double[2], new double[3], new double[2], new double[2],
                null, null, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new Config(0.2, 0.5, 0, 0, KlEstimator.K1, Aggregation.TOKEN_MEAN));
        assertThrows(IllegalArgumentException.class, () -> new Config(0.2, Double.NaN, 0, 0, KlEstimator.K1, Aggregation.DR_GRPO));
        assertThrows(IllegalArgumentException.class, () -> loss.compute(new double[1], new double[1], new double[1], new double[1],
                new double[] {0}, null, 1, 1));
    }
}
