package dev.reins.algorithms.offpolicy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.ParallelFor;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.buffer.ReplayBatch;
import dev.reins.core.random.Rng;
import org.junit.jupiter.api.Test;

class CriticEnsembleTest {
    private static final int OBS = 3;
    private static final int ACT = 2;
    private static final int B = 16;

    private static ReplayBatch batch(Rng rng) {
        ReplayBatch batch = new ReplayBatch(B, OBS, ACT);
        for (int k = 0; k < B * OBS; k++) {
            batch.observations[k] = (float) rng.nextGaussian();
        }
        for (int k = 0; k < B * ACT; k++) {
            batch.actions[k] = (float) (2 * rng.nextDouble() - 1);
        }
        return batch;
    }

    private static double[] actionsOf(ReplayBatch batch) {
        double[] actions = new double[B * ACT];
        for (int k = 0; k < actions.length; k++) {
            actions[k] = batch.actions[k];
        }
        return actions;
    }

    private static double[] onlineQ(CriticEnsemble critics, int i, ReplayBatch batch, double[] actions) {
        double[] out = new double[B];
        critics.critic(i).forward(batch.observations, actions, B, out, false);
        return out;
    }

    @Test
    void theTargetIsTheRowWiseMinimumOfTheTwinTargetCritics() {
        Rng rng = new Rng(7);
        CriticEnsemble critics = new CriticEnsemble(2, OBS, ACT, new int[] {16}, Activation.RELU, Precision.FLOAT64,
                NetworkBackend.JAVA, B, new Rng(1), new ParallelFor(2));
        ReplayBatch batch = batch(rng);
        double[] actions = actionsOf(batch);
        // Targets start equal to the online critics, so the online forwards give the target values.
        double[] q0 = onlineQ(critics, 0, batch, actions);
        double[] q1 = onlineQ(critics, 1, batch, actions);
        double[] min = new double[B];
        critics.minTargetQ(batch.observations, actions, B, min);
        int fromFirst = 0;
        for (int r = 0; r < B; r++) {
            assertEquals(Math.min(q0[r], q1[r]), min[r], 0.0, "row " + r);
            fromFirst += q0[r] <= q1[r] ? 1 : 0;
        }
        // Independently initialized critics disagree: both supply some of the minima.
        assertTrue(fromFirst > 0 && fromFirst < B, "rows taken from the first critic: " + fromFirst);
    }

    @Test
    void regressionMovesTheOnlineCriticsAndTheTargetsFollowOnlyThroughPolyak() {
        Rng rng = new Rng(3);
        CriticEnsemble critics = new CriticEnsemble(2, OBS, ACT, new int[] {16}, Activation.RELU, Precision.FLOAT64,
                NetworkBackend.JAVA, B, new Rng(2), new ParallelFor(1));
        ReplayBatch batch = batch(rng);
        double[] actions = actionsOf(batch);
        double[] before = new double[B];
        critics.minTargetQ(batch.observations, actions, B, before);
        double[] y = new double[B];
        java.util.Arrays.fill(y, 5.0);
        double first = critics.regress(batch, y, 1.0, 1e-2).loss();
        CriticEnsemble.Update last = null;
        for (int i = 0; i < 300; i++) {
            last = critics.regress(batch, y, 1.0, 1e-2);
        }
        assertTrue(last.loss() < 0.01 * first, "loss " + first + " -> " + last.loss());
        assertEquals(5.0, last.meanQ(), 0.1);
        double[] after = new double[B];
        critics.minTargetQ(batch.observations, actions, B, after);
        assertArrayEquals(before, after, 0.0, "targets move only in updateTargets");
        critics.updateTargets(1.0);
        critics.minTargetQ(batch.observations, actions, B, after);
        for (int r = 0; r < B; r++) {
            assertEquals(5.0, after[r], 0.2, "row " + r);
        }
    }

    @Test
    void sacsActorGradientEntersThroughEachRowsSmallerCritic() {
        ReplayBatch batch = batch(new Rng(8));
        double[] actions = actionsOf(batch);
        for (int threads : new int[] {1, 2}) {
            CriticEnsemble critics = new CriticEnsemble(2, OBS, ACT, new int[] {16}, Activation.TANH, Precision.FLOAT64,
                    NetworkBackend.JAVA, B, new Rng(6), new ParallelFor(threads));
            double[] q0 = onlineQ(critics, 0, batch, actions);
            double[] q1 = onlineQ(critics, 1, batch, actions);
            double[] minQ = new double[B];
            double[] dActions = new double[B * ACT];
            critics.minQWithActionGradient(batch.observations, actions, B, -0.5, minQ, dActions);
            // Each row's gradient: −0.5 · ∂Q_i/∂a of its smaller critic, by central differences.
            double h = 1e-6;
            for (int r = 0; r < B; r++) {
                assertEquals(Math.min(q0[r], q1[r]), minQ[r], 0.0, "row " + r);
                int chosen = q0[r] <= q1[r] ? 0 : 1;
                for (int j = 0; j < ACT; j++) {
                    double[] plus = actions.clone();
                    double[] minus = actions.clone();
                    plus[r * ACT + j] += h;
                    minus[r * ACT + j] -= h;
                    double numeric = -0.5 * (onlineQ(critics, chosen, batch, plus)[r] - onlineQ(critics, chosen, batch, minus)[r]) / (2 * h);
                    assertEquals(numeric, dActions[r * ACT + j], 1e-6, "row " + r + ", action " + j + ", threads " + threads);
                }
            }
        }
    }

    @Test
    void sacsHalfWeightHalvesTheReportedLoss() {
        ReplayBatch batch = batch(new Rng(4));
        double[] y = new double[B];
        java.util.Arrays.fill(y, 1.0);
        double full = new CriticEnsemble(1, OBS, ACT, new int[] {8}, Activation.RELU, Precision.FLOAT64,
                NetworkBackend.JAVA, B, new Rng(5), new ParallelFor(1)).regress(batch, y, 1.0, 1e-3).loss();
        double half = new CriticEnsemble(1, OBS, ACT, new int[] {8}, Activation.RELU, Precision.FLOAT64,
                NetworkBackend.JAVA, B, new Rng(5), new ParallelFor(1)).regress(batch, y, 0.5, 1e-3).loss();
        assertEquals(full / 2, half, 1e-12 * full);
    }
}
