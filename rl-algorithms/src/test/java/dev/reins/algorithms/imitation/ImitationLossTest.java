package dev.reins.algorithms.imitation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.common.ActorCritic;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.nn.Mlp;
import dev.reins.core.random.Rng;
import dev.reins.core.space.Box;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.Space;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of behaviour cloning's loss and both discriminators' losses. */
class ImitationLossTest {
    private static final double H = 1e-6;

    private static void assertGradient(double[] params, double[] grads, DoubleSupplier loss, String what) {
        for (int i = 0; i < params.length; i += Math.max(1, params.length / 40)) {
            double keep = params[i];
            params[i] = keep + H;
            double up = loss.getAsDouble();
            params[i] = keep - H;
            double down = loss.getAsDouble();
            params[i] = keep;
            double numeric = (up - down) / (2 * H);
            assertEquals(numeric, grads[i], 1e-6 * Math.max(1, Math.abs(numeric)), what + " parameter " + i);
        }
    }

    private static void checkBehaviourCloning(Space<?> actions) {
        Rng rng = new Rng(4);
        ActorCritic policy = new ActorCritic(3, actions, new int[] {8}, Activation.TANH, Precision.FLOAT64,
                NetworkBackend.JAVA, 6, false, rng);
        BehaviorCloningLoss loss = new BehaviorCloningLoss(policy, 6, 0.05, 0.01);
        TransitionSet data = new TransitionSet(3, policy.actionWidth());
        for (int k = 0; k < 6; k++) {
            double[] s = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            float[] a = new float[policy.actionWidth()];
            for (int j = 0; j < a.length; j++) {
                a[j] = actions instanceof Discrete d ? rng.nextInt(d.n()) : (float) rng.nextGaussian();
            }
            data.add(s, a, null, false);
        }
        loss.fill(data, new int[] {0, 1, 2, 3, 4, 5});
        loss.lossAndGradient(6);
        double[] netGrad = policy.policyNetwork().gradients().clone();
        double[] stdGrad = policy.logStdGradient().clone();
        assertGradient(policy.policyNetwork().parameters(), netGrad, () -> loss.lossAndGradient(6), "bc network");
        assertGradient(policy.logStd(), stdGrad, () -> loss.lossAndGradient(6), "bc log-std");
    }

    @Test
    void behaviourCloningGradientsMatchFiniteDifferences() {
        checkBehaviourCloning(new Discrete(3));
        checkBehaviourCloning(Box.uniform(-1f, 1f, 2));
    }

    private static TransitionBatch randomBatch(int n, int stateDim, int actionWidth, int discreteActions, Rng rng) {
        TransitionBatch b = new TransitionBatch(n, stateDim, actionWidth);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < stateDim; j++) {
                b.states[r * stateDim + j] = rng.nextGaussian();
                b.nextStates[r * stateDim + j] = rng.nextGaussian();
            }
            for (int j = 0; j < actionWidth; j++) {
                b.actions[r * actionWidth + j] = discreteActions > 0 ? rng.nextInt(discreteActions) : (float) rng.nextGaussian();
            }
            b.terminal[r] = r % 3 == 0;
            b.logPi[r] = -rng.nextDouble() * 2;
        }
        b.setAbsorbing(n - 1);
        return b;
    }

    private static void checkDiscriminator(Discriminator d, TransitionBatch batch, int n) {
        double[] labels = new double[n];
        for (int r = 0; r < n; r++) {
            labels[r] = r % 2;
        }
        double[] logits = new double[n];
        double[] dLogits = new double[n];
        DoubleSupplier loss = () -> {
            d.logits(batch, n, logits, true);
            return DiscriminatorLoss.compute(logits, labels, n, dLogits);
        };
        loss.getAsDouble();
        for (Mlp net : d.networks()) {
            net.zeroGradients();
        }
        d.backward(dLogits, n);
        for (Mlp net : d.networks()) {
            assertGradient(net.parameters(), net.gradients().clone(), loss, d.getClass().getSimpleName());
        }
    }

    @Test
    void discriminatorGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(9);
        int n = 7;
        Precision p = Precision.FLOAT64; // finite differences need float64
        checkDiscriminator(new StateActionDiscriminator(3, 1, 4, new int[] {6}, Activation.TANH, p, n, rng), randomBatch(n,
                3, 1, 4, rng), n);
        checkDiscriminator(new StateActionDiscriminator(3, 2, 0, new int[] {6}, Activation.TANH, p, n, rng), randomBatch(n,
                3, 2, 0, rng), n);
        checkDiscriminator(new ShapedRewardDiscriminator(3, 0.9, new int[] {6}, Activation.TANH, p, n, rng), randomBatch(n,
                3, 1, 4, rng), n);
    }

    @Test
    void theAirlLogitIsTheShapedRewardMinusLogPi() {
        Rng rng = new Rng(2);
        ShapedRewardDiscriminator d = new ShapedRewardDiscriminator(2, 0.9, new int[] {5}, Activation.TANH, Precision.FLOAT64, 4, rng);
        TransitionBatch b = randomBatch(4, 2, 1, 3, rng);
        b.terminal[1] = false;
        double[] logits = new double[4];
        d.logits(b, 4, logits, false);
        double[] g = new double[1];
        double[] hs = new double[1];
        double[] hNext = new double[1];
        Mlp reward = d.networks().get(0);
        Mlp potential = d.networks().get(1);
        reward.forward(new double[] {b.states[2], b.states[3], 0}, 1, g, false);
        potential.forward(new double[] {b.states[2], b.states[3], 0}, 1, hs, false);
        potential.forward(new double[] {b.nextStates[2], b.nextStates[3], 0}, 1, hNext, false);
        assertEquals(g[0] + 0.9 * hNext[0] - hs[0] - b.logPi[1], logits[1], 1e-12);
        assertTrue(Double.isFinite(d.terminalBonus()));
        assertEquals(List.of(reward, potential), d.networks());
    }
}
