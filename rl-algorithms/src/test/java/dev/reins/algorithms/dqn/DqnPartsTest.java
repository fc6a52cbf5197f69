package dev.reins.algorithms.dqn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reins.algorithms.loss.RegressionLoss;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.buffer.ReplayBuffer;
import dev.reins.core.estimate.NStepReturns;
import dev.reins.core.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class DqnPartsTest {

    @Test
    void doubleDqnEvaluatesTheOnlineArgmaxWithTheTargetNetwork() {
        // Two rows, three actions. Row 0: online prefers action 2, target prefers action 0.
        double[] online = {0.1, 0.5, 0.9, /* row 1 */ 3.0, 1.0, 2.0};
        double[] target = {5.0, 1.0, 2.0, /* row 1 */ 0.5, 4.0, 1.5};
        assertEquals(2.0, TdTarget.nextValue(online, target, 0, 3), "Double DQN: Q_target(s', argmax Q_online) = target[2]");
        assertEquals(5.0, TdTarget.nextValue(target, target, 0, 3), "DQN: max_a Q_target");
        assertEquals(0.5, TdTarget.nextValue(online, target, 1, 3));
        assertEquals(4.0, TdTarget.nextValue(target, target, 1, 3));
        assertEquals(1 + 0.99 * 2.0, TdTarget.of(1, 0.99, false, 2.0), 1e-15);
        assertEquals(1.0, TdTarget.of(1, 0.99, true, 2.0), "no bootstrap after termination");
    }

    @Test
    void huberAndMseGradientsMatchFiniteDifferences() {
        for (RegressionLoss loss : RegressionLoss.values()) {
            for (double e : new double[] {-3.1, -0.4, 0.0, 0.7, 2.5}) {
                double h = 1e-6;
                double numeric = (loss.value(e + h) - loss.value(e - h)) / (2 * h);
                assertEquals(numeric, loss.derivative(e), 1e-6, loss + " at " + e);
            }
        }
        assertEquals(2.5, RegressionLoss.HUBER.value(3.0), 1e-15);
    }

    @Test
    void duelingHeadGradientMatchesFiniteDifferences() {
        QNetwork q = new QNetwork(3, 4, List.of(5), Activation.TANH, Precision.FLOAT64, NetworkBackend.JAVA, true, 4, new Rng(2));
        Rng rng = new Rng(3);
        int batch = 3;
        double[] x = new double[batch * 3];
        double[] c = new double[batch * 4];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextGaussian();
        }
        for (int k = 0; k < c.length; k++) {
            c[k] = rng.nextGaussian();
        }
        double[] out = new double[batch * 4];
        q.forward(x, batch, out, true);
        q.body().zeroGradients();
        q.backward(c, batch);
        double[] analytic = q.body().gradients().clone();
        double[] p = q.body().parameters();
        for (int i = 0; i < p.length; i++) {
            double saved = p[i];
            p[i] = saved + 1e-6;
            double plus = dot(q, x, batch, c);
            p[i] = saved - 1e-6;
            double minus = dot(q, x, batch, c);
            p[i] = saved;
            assertEquals((plus - minus) / 2e-6, analytic[i], 1e-6, "parameter " + i);
        }
        // Q = V + A − mean(A): the mean over actions of Q is V.
        q.forward(x, 1, out, false);
        double mean = (out[0] + out[1] + out[2] + out[3]) / 4;
        double[] raw = new double[5];
        q.body().forward(x, 1, raw, false);
        assertEquals(raw[0], mean, 1e-12);
    }

    private static double dot(QNetwork q, double[] x, int batch, double[] c) {
        double[] out = new double[batch * 4];
        q.forward(x, batch, out, false);
        double s = 0;
        for (int k = 0; k < out.length; k++) {
            s += c[k] * out[k];
        }
        return s;
    }

    @Test
    void nStepTransitionsCarryTheReturnsNStepReturnsDefines() {
        int n = 3;
        double gamma = 0.9;
        // One env: 7 steps, truncated at step 3 (index 3), terminated at step 6.
        double[] rewards = {1, 2, 3, 4, 5, 6, 7};
        boolean[] terminated = {false, false, false, false, false, false, true};
        boolean[] truncated = {false, false, false, true, false, false, false};
        ReplayBuffer buffer = new ReplayBuffer(16, 1, 1);
        NStepAccumulator acc = new NStepAccumulator(n, 1, 1, gamma);
        for (int t = 0; t < 7; t++) {
            float[] obs = {t};
            float[] next = {t + 1}; // the observation after step t (the final one when the episode ended)
            acc.add(0, obs, 0, 0, rewards[t], next, 0, terminated[t], terminated[t] || truncated[t], buffer);
        }
        assertEquals(7, buffer.size(), "every step becomes exactly one transition");
        // Reference: NStepReturns with V(next obs) = 100 + index of the next observation.
        double[] nextValues = new double[7];
        for (int t = 0; t < 7; t++) {
            nextValues[t] = 100 + (t + 1);
        }
        double[] targets = new double[7];
        NStepReturns.compute(7, 1, n, rewards, nextValues, terminated, truncated, gamma, targets);
        var batch = new dev.reins.core.buffer.ReplayBatch(1, 1, 1);
        for (int slot = 0; slot < 7; slot++) {
            // Read the slot back through a one-row batch by sampling with a generator that returns it.
            double[] row = readSlot(buffer, slot, batch);
            int t = (int) row[0];
            double value = row[1] + (row[3] == 1 ? 0 : row[2] * (100 + row[4]));
            // Rewards and discounts are stored as float32 in the replay buffer.
            assertEquals(targets[t], value, 1e-6 * Math.abs(targets[t]) + 1e-6, "transition from step " + t);
        }
    }

    /** {obs, reward, discount, terminated, next obs} of a buffer slot. */
    private static double[] readSlot(ReplayBuffer buffer, int slot, dev.reins.core.buffer.ReplayBatch batch) {
        for (long s = 0; ; s++) {
            buffer.sample(new Rng(s), batch);
            if (batch.indices[0] == slot) {
                return new double[] {batch.observations[0], batch.rewards[0], batch.discounts[0], batch.terminated[0],
                    batch.nextObservations[0]};
            }
        }
    }
}
