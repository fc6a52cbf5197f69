package dev.reins.algorithms.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.random.Rng;
import org.junit.jupiter.api.Test;

class StateDependentNoiseTest {
    private static final int FEATURES = 3;
    private static final int ACTIONS = 2;

    @Test
    void backwardMatchesFiniteDifferencesOfLogProbAndEntropy() {
        StateDependentNoise sde = new StateDependentNoise(FEATURES, ACTIONS, 1, -0.5, -1);
        double[] logStd = sde.logStd();
        for (int k = 0; k < logStd.length; k++) {
            logStd[k] = -0.7 + 0.3 * k;
        }
        double[] latent = {0.4, -1.2, 0.8, 0.1, 0.5, -0.3};
        double[] means = {0.3, -1.1, 0.0, 0.6};
        float[] taken = {0.9f, -0.2f, -0.4f, 1.3f};
        double dLogp = 1.3;
        double dEntropy = -0.2;
        for (int row = 0; row < 2; row++) {
            double[] meanGradient = new double[4];
            sde.zeroGradients();
            sde.backward(latent, means, taken, row, dLogp, dEntropy, meanGradient);
            for (int j = 0; j < ACTIONS; j++) {
                int m = row * ACTIONS + j;
                double numeric = centralDifference(means, m, sde, latent, means, taken, row, dLogp, dEntropy);
                assertEquals(numeric, meanGradient[m], 1e-7, "row " + row + ", mean " + j);
            }
            for (int k = 0; k < logStd.length; k++) {
                double numeric = centralDifference(logStd, k, sde, latent, means, taken, row, dLogp, dEntropy);
                assertEquals(numeric, sde.logStdGradient()[k], 1e-7, "row " + row + ", log std " + k);
            }
        }
    }

    /** d objective / d values[k] by central differences, values being one of the objective's live inputs. */
    private static double centralDifference(double[] values, int k, StateDependentNoise sde, double[] latent, double[] means, float[] taken,
            int row, double dLogp, double dEntropy) {
        double h = 1e-6;
        double saved = values[k];
        values[k] = saved + h;
        double plus = objective(sde, latent, means, taken, row, dLogp, dEntropy);
        values[k] = saved - h;
        double minus = objective(sde, latent, means, taken, row, dLogp, dEntropy);
        values[k] = saved;
        return (plus - minus) / (2 * h);
    }

    private static double objective(StateDependentNoise sde, double[] latent, double[] means, float[] taken, int row, double dLogp,
            double dEntropy) {
        return dLogp * sde.logProb(latent, means, taken, row) + dEntropy * sde.entropy(latent, row);
    }

    @Test
    void actionsOverNoiseMatricesHaveTheVarianceTheLogProbAssumes() {
        // a = μ + lᵀE with E ~ N(0, σ²) entrywise: a_j − μ_j has variance Σ_i l_i² σ_ij² (+ the 1e-6 floor); the density
        // logProb assigns is that Gaussian's. Checked on 20,000 matrices.
        StateDependentNoise sde = new StateDependentNoise(FEATURES, ACTIONS, 1, 0.0, -1);
        double[] logStd = sde.logStd();
        for (int k = 0; k < logStd.length; k++) {
            logStd[k] = -1.0 + 0.4 * k;
        }
        double[] latent = {0.7, -0.4, 1.1};
        double[] means = {0.2, -0.5};
        Rng rng = new Rng(11);
        int n = 20_000;
        double[] sumSq = new double[ACTIONS];
        float[] a = new float[ACTIONS];
        for (int s = 0; s < n; s++) {
            sde.startRollout(rng);
            sde.act(latent, means, 0, a, 0);
            for (int j = 0; j < ACTIONS; j++) {
                double d = a[j] - means[j];
                sumSq[j] += d * d;
            }
        }
        for (int j = 0; j < ACTIONS; j++) {
            double expected = 1e-6;
            for (int i = 0; i < FEATURES; i++) {
                expected += latent[i] * latent[i] * Math.exp(2 * logStd[i * ACTIONS + j]);
            }
            double empirical = sumSq[j] / n;
            assertTrue(Math.abs(empirical / expected - 1) < 0.05, "action " + j + ": variance " + empirical + ", expected " + expected);
            // The entropy is the Gaussian's of that variance: check through a one-action density at the mean.
        }
        float[] atMean = {(float) means[0], (float) means[1]};
        double logp = sde.logProb(latent, means, atMean, 0);
        double expectedLogp = 0;
        for (int j = 0; j < ACTIONS; j++) {
            double v = 1e-6;
            for (int i = 0; i < FEATURES; i++) {
                v += latent[i] * latent[i] * Math.exp(2 * logStd[i * ACTIONS + j]);
            }
            expectedLogp += -0.5 * Math.log(2 * Math.PI * v);
        }
        assertEquals(expectedLogp, logp, 1e-6);
    }

    @Test
    void theNoiseIsFixedWithinARolloutAndRedrawnEverySampleFrequencySteps() {
        StateDependentNoise sde = new StateDependentNoise(FEATURES, 1, 1, 0.0, 4);
        double[] latent = {1.0, 0.5, -0.5};
        double[] means = {0.0};
        Rng rng = new Rng(3);
        sde.startRollout(rng);
        float[] a = new float[1];
        float[] seen = new float[9];
        for (int step = 0; step < 9; step++) {
            sde.beforeStep(rng);
            sde.act(latent, means, 0, a, 0);
            seen[step] = a[0];
        }
        // Steps 0–3 share one matrix, 4–7 the next, 8 a third.
        for (int step = 1; step < 4; step++) {
            assertEquals(seen[0], seen[step]);
            assertEquals(seen[4], seen[4 + step]);
        }
        assertTrue(seen[0] != seen[4] && seen[4] != seen[8]);
    }
}
