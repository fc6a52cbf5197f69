package dev.reins.algorithms.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.random.Rng;
import dev.reins.core.space.Box;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.Space;
import org.junit.jupiter.api.Test;

class ActorCriticTest {

    @Test
    void fisherVectorProductIsTheCurvatureOfTheKlCategorical() {
        checkFisher(new Discrete(3), 11L);
    }

    @Test
    void fisherVectorProductIsTheCurvatureOfTheKlGaussian() {
        checkFisher(Box.uniform(-2f, 2f, 2), 12L);
    }

    /** vᵀFv = d²/dε² KL(θ ‖ θ + εv) at 0, checked by the central second difference of the mean KL. */
    private static void checkFisher(Space<?> actions, long seed) {
        Rng rng = new Rng(seed);
        int obsDim = 3;
        int b = 16;
        ActorCritic ac = new ActorCritic(obsDim, actions, new int[] {8, 8}, Activation.TANH, Precision.FLOAT64,
                NetworkBackend.JAVA, b, false, rng);
        // Move away from the tiny-output init so the test sees real curvature.
        double[] theta = new double[ac.policyParameterCount()];
        ac.getPolicyParameters(theta);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.3 * rng.nextGaussian();
        }
        ac.setPolicyParameters(theta);
        double[] obs = new double[b * obsDim];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = rng.nextGaussian();
        }
        float[] acts = new float[b * ac.actionWidth()];
        double[] logp = new double[b];
        double[] ent = new double[b];
        ac.evaluate(obs, b, acts, logp, ent);
        double[] oldOut = ac.lastOutputs().clone();
        double[] oldLogStd = ac.logStd().clone();
        double[] v = new double[theta.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        double[] fv = new double[v.length];
        ac.fisherVectorProduct(v, fv);
        double vFv = 0;
        for (int i = 0; i < v.length; i++) {
            vFv += v[i] * fv[i];
        }
        double eps = 1e-4;
        double klPlus = klAt(ac, theta, v, eps, obs, acts, oldOut, oldLogStd, b);
        double klMinus = klAt(ac, theta, v, -eps, obs, acts, oldOut, oldLogStd, b);
        // KL(θ‖θ) = 0 and its gradient is 0: KL(θ ± εv) ≈ ½ε² vᵀFv.
        double numeric = (klPlus + klMinus) / (eps * eps);
        assertEquals(numeric, vFv, 1e-4 * Math.abs(vFv), "vᵀFv");
    }

    private static double klAt(ActorCritic ac, double[] theta, double[] v, double eps, double[] obs, float[] acts, double[] oldOut,
            double[] oldLogStd, int b) {
        double[] moved = theta.clone();
        for (int i = 0; i < moved.length; i++) {
            moved[i] += eps * v[i];
        }
        ac.setPolicyParameters(moved);
        ac.evaluate(obs, b, acts, new double[b], new double[b]);
        double kl = ac.meanKl(oldOut, oldLogStd, b);
        ac.setPolicyParameters(theta);
        return kl;
    }
}
