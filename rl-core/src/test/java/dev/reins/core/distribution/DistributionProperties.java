package dev.reins.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.random.Rng;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.apache.commons.math3.distribution.NormalDistribution;

class DistributionProperties {

    private static double[] finite(double[] raw, double scale) {
        double[] x = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            x[i] = Double.isFinite(raw[i]) ? Math.max(-scale, Math.min(scale, raw[i])) : 0;
        }
        return x;
    }

    @Property
    void categoricalLogProbsNormalizeAndMatchClosedForms(@ForAll @Size(min = 1, max = 12) double[] a,
            @ForAll @Size(min = 1, max = 12) double[] b) {
        int n = Math.min(a.length, b.length);
        Categorical p = Categorical.ofLogits(finite(java.util.Arrays.copyOf(a, n), 30));
        Categorical q = Categorical.ofLogits(finite(java.util.Arrays.copyOf(b, n), 30));
        double total = 0;
        double entropy = 0;
        double kl = 0;
        for (int i = 0; i < n; i++) {
            double pi = Math.exp(p.logProb(i));
            total += pi;
            entropy -= pi == 0 ? 0 : pi * Math.log(pi);
            kl += pi == 0 ? 0 : pi * (Math.log(pi) - q.logProb(i));
        }
        assertEquals(1.0, total, 1e-12);
        assertEquals(entropy, p.entropy(), 1e-9);
        assertEquals(kl, p.kl(q), 1e-9);
        assertTrue(p.kl(q) >= -1e-12);
        assertEquals(0.0, p.kl(p), 1e-12);
        assertTrue(p.entropy() <= Math.log(n) + 1e-12);
    }

    @Example
    void categoricalSamplesFollowTheProbabilities() {
        Categorical p = Categorical.ofProbabilities(new double[] {0.1, 0.0, 0.6, 0.3});
        Rng rng = new Rng(4);
        int[] counts = new int[4];
        for (int i = 0; i < 200_000; i++) {
            counts[p.sample(rng)]++;
        }
        assertEquals(0, counts[1], "an impossible action is never drawn");
        assertEquals(0.1, counts[0] / 200_000.0, 0.004);
        assertEquals(0.6, counts[2] / 200_000.0, 0.004);
        assertEquals(2, p.mode());
        assertThrows(IllegalArgumentException.class, () -> Categorical.ofLogits(new double[] {Double.NaN}));
    }

    @Property(tries = 50)
    void diagGaussianLogProbIntegratesToOneAndEntropyMatchesMonteCarlo(@ForAll @DoubleRange(min = -3, max = 3) double mean,
            @ForAll @DoubleRange(min = -2, max = 1) double logStd, @ForAll long seed) {
        DiagGaussian g = new DiagGaussian(new double[] {mean}, new double[] {logStd});
        double sigma = Math.exp(logStd);
        // Trapezoid integral of the density over ±10σ.
        int steps = 4000;
        double lo = mean - 10 * sigma;
        double h = 20 * sigma / steps;
        double integral = 0;
        for (int i = 0; i <= steps; i++) {
            double w = i == 0 || i == steps ? 0.5 : 1;
            integral += w * Math.exp(g.logProb(new double[] {lo + i * h})) * h;
        }
        assertEquals(1.0, integral, 1e-6);
        Rng rng = new Rng(seed);
        MonteCarlo mc = new MonteCarlo();
        for (int i = 0; i < 20_000; i++) {
            mc.add(-g.logProb(g.sample(rng)));
        }
        mc.assertMeanIs(g.entropy(), "entropy = −E[log p]");
    }

    @Property(tries = 40)
    void diagGaussianKlMatchesMonteCarlo(@ForAll @DoubleRange(min = -2, max = 2) double m1, @ForAll @DoubleRange(min = -1, max = 0.5) double s1,
            @ForAll @DoubleRange(min = -2, max = 2) double m2, @ForAll @DoubleRange(min = -1, max = 0.5) double s2, @ForAll long seed) {
        DiagGaussian p = new DiagGaussian(new double[] {m1, m2}, new double[] {s1, s2});
        DiagGaussian q = new DiagGaussian(new double[] {m2, m1}, new double[] {s2, s1});
        Rng rng = new Rng(seed);
        MonteCarlo mc = new MonteCarlo();
        for (int i = 0; i < 40_000; i++) {
            double[] x = p.sample(rng);
            mc.add(p.logProb(x) - q.logProb(x));
        }
        mc.assertMeanIs(p.kl(q), "KL = E_p[log p − log q]");
        assertEquals(0.0, p.kl(p), 1e-12);
    }

    @Property(tries = 50)
    void squashedLogProbIsTheChangeOfVariablesDensity(@ForAll @DoubleRange(min = -2, max = 2) double mean,
            @ForAll @DoubleRange(min = -1.5, max = 0.7) double logStd, @ForAll @DoubleRange(min = -0.98, max = 0.98) double a) {
        SquashedGaussian pi = new SquashedGaussian(new double[] {mean}, new double[] {logStd});
        // Numerically: P(a < A < a + h) / h through the Gaussian CDF of atanh, no Jacobian formula involved.
        // In the upper tail the CDF difference is taken on the mirrored side, where both values are small and
        // nothing cancels.
        NormalDistribution standard = new NormalDistribution(null, 0, 1);
        double sigma = Math.exp(logStd);
        double h = 1e-6;
        double z1 = (atanh(a - h) - mean) / sigma;
        double z2 = (atanh(a + h) - mean) / sigma;
        double mass = z1 > 0 ? standard.cumulativeProbability(-z1) - standard.cumulativeProbability(-z2)
                : standard.cumulativeProbability(z2) - standard.cumulativeProbability(z1);
        assertEquals(Math.log(mass / (2 * h)), pi.logProb(new double[] {a}), 1e-5);
    }

    private static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }

    @Property(tries = 30)
    void squashedEntropyMatchesMonteCarloAndKlIsTheBaseKl(@ForAll @DoubleRange(min = -2, max = 2) double mean,
            @ForAll @DoubleRange(min = -1.5, max = 1) double logStd, @ForAll long seed) {
        SquashedGaussian pi = new SquashedGaussian(new double[] {mean, -mean}, new double[] {logStd, logStd / 2});
        Rng rng = new Rng(seed);
        MonteCarlo mc = new MonteCarlo();
        for (int i = 0; i < 40_000; i++) {
            double[] u = pi.base().sample(rng);
            mc.add(-pi.logProbOfPreSquash(u));
        }
        mc.assertMeanIs(pi.entropy(), "entropy of the squashed Gaussian");
        SquashedGaussian other = new SquashedGaussian(new double[] {0.3, 0.1}, new double[] {0, -0.5});
        assertEquals(pi.base().kl(other.base()), pi.kl(other), 1e-12);
    }

    @Example
    void squashedLogProbIsStableForLargePreActivations() {
        SquashedGaussian pi = new SquashedGaussian(new double[] {0}, new double[] {0});
        double lp = pi.logProbOfPreSquash(new double[] {40});
        assertTrue(Double.isFinite(lp), "log(1 − tanh²(40)) underflows naively; the stable form stays finite: " + lp);
    }

    /**
     * A Monte Carlo mean with its standard error: closed forms must lie within 5 standard errors (a false alarm about
     * once in 1.7 million runs), so the tolerance follows the variance instead of a guessed constant.
     */
    private static final class MonteCarlo {
        private long n;
        private double mean;
        private double m2;

        void add(double x) {
            n++;
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }

        void assertMeanIs(double expected, String what) {
            double standardError = Math.sqrt(m2 / (n - 1) / n);
            assertEquals(expected, mean, 5 * standardError + 1e-9, what + " (standard error " + standardError + ")");
        }
    }
}
