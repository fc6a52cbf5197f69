package dev.reins.algorithms.sac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.Initialization;
import dev.reins.algorithms.nn.Mlp;
import dev.reins.core.random.Rng;
import org.junit.jupiter.api.Test;

/** gSDE's sampling, log-probability and gradients. */
class GsdeActorTest {
    private static final int OBS = 3;
    private static final int FEATURES = 4;
    private static final int ACTIONS = 2;
    private static final int B = 5;

    private static GsdeActor actor(Activation activation, double logStdInit) {
        Rng init = new Rng(3);
        Mlp body = Mlp.builder(OBS, FEATURES).hidden(6).activation(activation).init(Initialization.PYTORCH, 1, 1).maxBatch(B).build(init);
        Mlp head = Mlp.builder(FEATURES, ACTIONS).hidden().init(Initialization.PYTORCH, 1, 1).maxBatch(B).build(init);
        return new GsdeActor(body, head, activation, ACTIONS, logStdInit, 2, B);
    }

    private static double[] rows(int n, int width, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[n * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    /** L = c·Σ log π + Σ w ⊙ a for the step's fixed noise. */
    private static double loss(GsdeActor actor, double[] obs, double c, double[] w) {
        double[] a = new double[B * ACTIONS];
        double[] logp = new double[B];
        actor.sampleForUpdate(obs, B, new Rng(0), a, logp);
        double l = 0;
        for (int r = 0; r < B; r++) {
            l += c * logp[r];
        }
        for (int k = 0; k < a.length; k++) {
            l += w[k] * a[k];
        }
        return l;
    }

    @Test
    void gradientsOfLogProbabilityAndActionsMatchFiniteDifferences() {
        for (Activation activation : new Activation[] {Activation.TANH, Activation.RELU}) {
            GsdeActor actor = actor(activation, -0.5);
            // Spread the log-stds so each (feature, action) pair is its own.
            Rng spread = new Rng(11);
            for (int k = 0; k < actor.logStd().length; k++) {
                actor.logStd()[k] += 0.4 * spread.nextGaussian();
            }
            actor.startGradientStep(new Rng(5));
            double[] obs = rows(B, OBS, 1);
            double c = 0.37;
            double[] w = rows(B, ACTIONS, 2);
            loss(actor, obs, c, w);
            actor.backward(c, w, B);
            double h = 1e-6;
            double[][][] pairs = {{actor.body().parameters(), actor.body().gradients()},
                {actor.head().parameters(), actor.head().gradients()}, {actor.logStd(), actor.logStdGradient()}};
            for (double[][] pair : pairs) {
                double[] p = pair[0];
                double[] g = pair[1].clone();
                for (int k = 0; k < p.length; k++) {
                    double keep = p[k];
                    p[k] = keep + h;
                    double up = loss(actor, obs, c, w);
                    p[k] = keep - h;
                    double down = loss(actor, obs, c, w);
                    p[k] = keep;
                    assertEquals((up - down) / (2 * h), g[k], 1e-6 * Math.max(1, Math.abs(g[k])), activation + " parameter " + k);
                }
            }
        }
    }

    @Test
    void theLogProbabilityIsTheDensityOfTheSquashedSample() {
        // One feature row, one action: u = μ + l·σ·ε is Gaussian with variance l²σ² (+1e-6); check against the formula.
        GsdeActor actor = actor(Activation.TANH, -1.0);
        actor.startGradientStep(new Rng(9));
        double[] obs = rows(B, OBS, 4);
        double[] a = new double[B * ACTIONS];
        double[] logp = new double[B];
        actor.sampleForUpdate(obs, B, new Rng(0), a, logp);
        for (int r = 0; r < B; r++) {
            assertTrue(Double.isFinite(logp[r]));
            for (int j = 0; j < ACTIONS; j++) {
                assertTrue(Math.abs(a[r * ACTIONS + j]) < 1);
            }
        }
        // The same step's noise gives the same samples; a new step's noise others.
        double[] again = new double[B * ACTIONS];
        actor.sampleForUpdate(obs, B, new Rng(0), again, new double[B]);
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(again));
        actor.startGradientStep(new Rng(10));
        actor.sampleForUpdate(obs, B, new Rng(0), again, new double[B]);
        assertTrue(!java.util.Arrays.equals(a, again));
    }

    @Test
    void explorationIsAFunctionOfTheStateWithinARollout() {
        GsdeActor actor = actor(Activation.TANH, -0.5);
        Rng rng = new Rng(2);
        actor.startRollout(rng);
        double[] obs = rows(2, OBS, 6);
        double[] first = new double[2 * ACTIONS];
        double[] second = new double[2 * ACTIONS];
        actor.explore(obs, 2, rng, first);
        actor.explore(obs, 2, rng, second);
        assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(second), "same state, same rollout: same action");
        double[] mode = new double[ACTIONS];
        actor.mode(java.util.Arrays.copyOf(obs, OBS), mode);
        assertTrue(Math.abs(first[0] - mode[0]) > 1e-9, "the noise moves the action off the mode");
        actor.startRollout(rng);
        actor.explore(obs, 2, rng, second);
        assertTrue(!java.util.Arrays.equals(first, second), "a new rollout, new noise");
    }
}
