package dev.reins.algorithms.trpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.common.ResumeCheck;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.algorithm.EvalResult;
import dev.reins.core.algorithm.Evaluator;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.random.Rng;
import dev.reins.envs.registry.EnvFactories;
import dev.reins.envs.registry.Envs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrpoTest {
    private static final EnvFactory CART_POLE = EnvFactories.of("CartPole-v1", Map.of());

    @Test
    void conjugateGradientSolvesAKnownSpdSystem() {
        Rng rng = new Rng(3);
        int n = 12;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = rng.nextGaussian();
            }
        }
        // A = MᵀM + I is symmetric positive definite; b = A·x* for a known x*.
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += m[k][i] * m[k][j];
                }
            }
            a[i][i] += 1;
        }
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            expected[i] = rng.nextGaussian();
        }
        double[] b = multiply(a, expected);
        double[] x = ConjugateGradient.solve((v, out) -> System.arraycopy(multiply(a, v), 0, out, 0, n), b, 50, 1e-24);
        assertArrayEquals(expected, x, 1e-8);
    }

    private static double[] multiply(double[][] a, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += a[i][j] * v[j];
            }
        }
        return out;
    }

    @Test
    void everyAcceptedStepStaysInsideTheTrustRegion() {
        TrpoConfig config = withRollout(TrpoConfig.defaults(), 4, 256);
        Trpo trpo = new Trpo(CART_POLE, config, 1L);
        List<Map<String, Double>> updates = new ArrayList<>();
        trpo.learn(20 * 1024, new Callback() {
            @Override
            public void onUpdate(TrainingContext ctx, Map<String, Double> metrics) {
                updates.add(metrics);
            }
        });
        assertTrue(updates.size() == 20, "updates: " + updates.size());
        long accepted = updates.stream().filter(m -> m.get("line_search_success") == 1.0).count();
        assertTrue(accepted >= 15, "accepted steps: " + accepted);
        for (Map<String, Double> m : updates) {
            assertTrue(m.get("kl") <= config.targetKl(), "KL " + m.get("kl") + " > δ " + config.targetKl());
            if (m.get("line_search_success") == 1.0) {
                assertTrue(m.get("kl") > 0 && m.get("surrogate_improvement") > 0, m.toString());
            }
        }
    }

    @Test
    void trpoLearnsCartPoleWithAFixedSeed() {
        Trpo trpo = new Trpo(CART_POLE, withRollout(TrpoConfig.defaults(), 4, 512), 0L);
        trpo.learn(60_000, Callback.NONE);
        EvalResult r = Evaluator.evaluate(Envs.make("CartPole-v1"), trpo.policy(), 30, 777L, 1_000);
        assertTrue(r.meanReturn() >= 195, "mean return over 30 deterministic episodes: " + r.meanReturn());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void resumeEqualsUninterrupted(Precision precision) throws Exception {
        TrpoConfig config = new TrpoConfig(2, 64, 32, 1e-3, 2, 0.99, 0.95, 0.01, 5, 0.1, 0.8, 10, true, List.of(16),
                dev.reins.algorithms.nn.Activation.TANH, precision, true, true);
        ResumeCheck.assertResumeEqualsUninterrupted(() -> new Trpo(CART_POLE, config, 9L), 1_024, 300,
                t -> ResumeCheck.policyParameters(t.actorCritic()));
    }

    static TrpoConfig withRollout(TrpoConfig c, int numEnvs, int nSteps) {
        return new TrpoConfig(numEnvs, nSteps, c.batchSize(), c.learningRate(), c.nCriticUpdates(), c.gamma(), c.gaeLambda(), c.targetKl(),
                c.cgMaxSteps(), c.cgDamping(), c.lineSearchShrinkingFactor(), c.lineSearchMaxIter(), c.normalizeAdvantage(), c.hidden(),
                c.activation(), c.precision(), c.normalizeObservations(), c.normalizeRewards());
    }
}
