package dev.reins.algorithms.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    @Test
    void adamFollowsPyTorchsFormula() {
        double[] p = {1.0, -2.0};
        double[] g = {0.5, -0.1};
        Adam adam = new Adam(2, 0.9, 0.999, 1e-8);
        adam.step(p, g, 0.1);
        // First step: m̂ = g, v̂ = g², so θ moves by lr·g/(|g| + ε) ≈ lr·sign(g).
        assertEquals(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), p[0], 1e-12);
        assertEquals(-2.0 + 0.1 * 0.1 / (0.1 + 1e-8), p[1], 1e-12);
        double[] g2 = {0.2, 0.3};
        adam.step(p, g2, 0.1);
        double m = 0.9 * (0.1 * 0.5) + 0.1 * 0.2;
        double v = 0.999 * (0.001 * 0.25) + 0.001 * 0.04;
        double expected = (1.0 - 0.1 * 0.5 / (0.5 + 1e-8)) - 0.1 / (1 - 0.81) * m / (Math.sqrt(v) / Math.sqrt(1 - 0.999 * 0.999) + 1e-8);
        assertEquals(expected, p[0], 1e-12);
    }

    @Test
    void everyOptimizerMinimisesAQuadratic() {
        for (Optimizer opt : new Optimizer[] {new Adam(3, 0.9, 0.999, 1e-8), new RmsProp(3, 0.99, 1e-8), new Sgd(3, 0.9)}) {
            double[] p = {3, -2, 1};
            double[] g = new double[3];
            for (int t = 0; t < 2000; t++) {
                for (int i = 0; i < 3; i++) {
                    g[i] = 2 * (i + 1) * p[i]; // ∇ of Σ (i+1)·p_i²
                }
                opt.step(p, g, opt instanceof Sgd ? 0.01 : 0.01);
            }
            assertTrue(Gradients.norm(p) < 0.05, opt.getClass().getSimpleName() + " reached " + java.util.Arrays.toString(p));
        }
    }

    @Property
    void clippingBoundsTheNormAndKeepsTheDirection(@ForAll @Size(min = 1, max = 20) double[] raw,
            @ForAll @DoubleRange(min = 0.01, max = 10) double maxNorm) {
        double[] g = new double[raw.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = Double.isFinite(raw[i]) ? Math.max(-1e6, Math.min(1e6, raw[i])) : 0;
        }
        double[] original = g.clone();
        double before = Gradients.clipGlobalNorm(g, maxNorm);
        assertEquals(Gradients.norm(original), before, 1e-9 * Math.max(1, before));
        assertTrue(Gradients.norm(g) <= maxNorm + 1e-9);
        if (before <= maxNorm) {
            assertEquals(java.util.Arrays.toString(original), java.util.Arrays.toString(g));
        } else {
            for (int i = 0; i < g.length; i++) {
                assertEquals(original[i] * maxNorm / (before + 1e-6), g[i], 1e-12 * Math.max(1, Math.abs(original[i])));
            }
        }
    }

    @Test
    void polyakAveragingMovesTheTargetByTau() {
        double[] online = {1, 2};
        double[] target = {0, 0};
        Gradients.polyak(online, target, 0.25);
        assertEquals(0.25, target[0], 1e-15);
        assertEquals(0.5, target[1], 1e-15);
        Gradients.copyInto(online, target);
        assertEquals(2, target[1]);
    }
}
