package dev.reins.algorithms.sac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.common.ResumeCheck;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.nn.SquashedGaussianHead;
import dev.reins.algorithms.testing.TrackTarget;
import dev.reins.core.algorithm.Evaluator;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.env.Env;
import dev.reins.core.policy.Policy;
import dev.reins.core.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SacTest {
    static SacConfig small(boolean auto, double entCoef, double targetEntropy) {
        return small(auto, entCoef, targetEntropy, Precision.FLOAT64);
    }

    static SacConfig small(boolean auto, double entCoef, double targetEntropy, Precision precision) {
        return small(auto, entCoef, targetEntropy, precision, NetworkBackend.JAVA);
    }

    static SacConfig small(boolean auto, double entCoef, double targetEntropy, Precision precision, NetworkBackend backend) {
        return new SacConfig(2, 10_000, 200, 64, 0.01, 0.5, 1, 1, 3e-3, auto, entCoef, targetEntropy, 1, List.of(32), Activation.RELU,
                precision, backend, false, -3.0, -1, 1);
    }

    @Test
    void theDl4jBackendTakesTheSameStepsAsTheJavaMlp() {
        Sac java = new Sac(TrackTarget.factory(), small(true, 1.0, Double.NaN, Precision.FLOAT64), 3L);
        Sac dl4j = new Sac(TrackTarget.factory(), small(true, 1.0, Double.NaN, Precision.FLOAT64, NetworkBackend.DL4J), 3L);
        java.learn(500, Callback.NONE);
        dl4j.learn(500, Callback.NONE);
        double[] obs = {0.3, -0.7, 0.1, 0.5};
        double[] a = new double[4];
        double[] b = new double[4];
        java.actor().forward(obs, 2, a, false);
        dl4j.actor().forward(obs, 2, b, false);
        assertArrayEquals(a, b, 1e-8);
    }

    /** log π(a) equals the density of a = tanh(u) by a numerical change of variables: p_u(u) · |du/da|, du/da by finite differences. */
    @Test
    void squashedLogProbMatchesANumericalChangeOfVariables() {
        Rng rng = new Rng(8);
        int dim = 2;
        double[] outputs = {0.3, -1.1, -0.5, 0.4}; // means, then log-stds
        double[] noise = new double[dim];
        double[] actions = new double[dim];
        for (int trial = 0; trial < 50; trial++) {
            double logp = SquashedGaussianHead.sample(outputs, 0, dim, rng, noise, actions);
            double numeric = 0;
            for (int j = 0; j < dim; j++) {
                double mu = outputs[j];
                double sigma = Math.exp(outputs[dim + j]);
                double a = actions[j];
                double u = atanh(a);
                double density = Math.exp(-0.5 * Math.pow((u - mu) / sigma, 2)) / (sigma * Math.sqrt(2 * Math.PI));
                double h = 1e-6 * (1 - Math.abs(a));
                double dudA = (atanh(a + h) - atanh(a - h)) / (2 * h);
                numeric += Math.log(density * dudA);
            }
            assertEquals(numeric, logp, 1e-5 * Math.max(1, Math.abs(logp)), "trial " + trial);
        }
        // Far in the tails (|u| ≈ 20) the stable form stays finite where log(1 − tanh²u) would be −∞.
        assertTrue(Double.isFinite(SquashedGaussianHead.logTanhDerivative(25)));
    }

    private static double atanh(double a) {
        return 0.5 * Math.log((1 + a) / (1 - a));
    }

    /** The reparameterized gradients of L = c·log π + Σ_j d_j·a_j match finite differences in μ and log σ (same noise). */
    @Test
    void squashedGaussianBackwardMatchesFiniteDifferences() {
        int dim = 2;
        double[] outputs = {0.3, -0.7, -0.5, 0.4};
        double[] noise = {0.8, -1.3};
        double[] dActions = {0.6, -0.25};
        double c = 0.35;
        double[] actions = new double[dim];
        double[] grad = new double[2 * dim];
        double base = objective(outputs, noise, dActions, c, actions);
        SquashedGaussianHead.backward(outputs, 0, dim, noise, actions, c, dActions, grad);
        for (int k = 0; k < 2 * dim; k++) {
            double saved = outputs[k];
            outputs[k] = saved + 1e-6;
            double plus = objective(outputs, noise, dActions, c, new double[dim]);
            outputs[k] = saved - 1e-6;
            double minus = objective(outputs, noise, dActions, c, new double[dim]);
            outputs[k] = saved;
            assertEquals((plus - minus) / 2e-6, grad[k], 1e-7, "output " + k + " (objective " + base + ")");
        }
    }

    /** c·log π + Σ d_j a_j for the sample with the given noise (a fixed-noise replay of sample()). */
    private static double objective(double[] outputs, double[] noise, double[] d, double c, double[] actions) {
        int dim = noise.length;
        double[] fixed = noise.clone();
        java.util.random.RandomGenerator replay = new java.util.random.RandomGenerator() {
            int i;

            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextGaussian() {
                return fixed[i++];
            }
        };
        double logp = SquashedGaussianHead.sample(outputs, 0, dim, replay, new double[dim], actions);
        double value = c * logp;
        for (int j = 0; j < dim; j++) {
            value += d[j] * actions[j];
        }
        return value;
    }

    @Test
    void temperatureMovesTowardTheTargetEntropy() {
        // A target entropy far above what the policy has makes α grow; far below makes it shrink.
        List<Double> up = alphas(small(true, 0.1, 5.0));
        List<Double> down = alphas(small(true, 0.1, -20.0));
        assertTrue(up.get(up.size() - 1) > 0.1 * 1.5, "α with a high target: " + up.get(up.size() - 1));
        assertTrue(down.get(down.size() - 1) < 0.1 / 1.5, "α with a low target: " + down.get(down.size() - 1));
    }

    private static List<Double> alphas(SacConfig config) {
        List<Double> seen = new ArrayList<>();
        new Sac(TrackTarget.factory(), config, 4L).learn(600, new Callback() {
            @Override
            public void onUpdate(TrainingContext ctx, Map<String, Double> metrics) {
                seen.add(metrics.get("ent_coef"));
            }
        });
        return seen;
    }

    static java.util.stream.Stream<SacConfig> learningConfigs() {
        return java.util.stream.Stream.of(small(true, 0.1, Double.NaN, Precision.FLOAT64), small(true, 0.1, Double.NaN, Precision.FLOAT32),
                withSde(small(true, 0.1, Double.NaN)));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("learningConfigs")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void sacLearnsAContinuousActionToTheTarget(SacConfig config) {
        Sac sac = new Sac(TrackTarget.factory(), config, 1L);
        Env env = TrackTarget.factory().single();
        double before = Evaluator.evaluate(env, (Policy) sac.policy(), 30, 5L, 100).meanReturn();
        sac.learn(3_000, Callback.NONE);
        double after = Evaluator.evaluate(env, (Policy) sac.policy(), 30, 5L, 100).meanReturn();
        assertTrue(after > -0.3 && after > before + 1, "return before " + before + ", after " + after);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void resumeEqualsUninterrupted(Precision precision) throws Exception {
        SacConfig config = small(true, 0.5, Double.NaN, precision);
        ResumeCheck.assertResumeEqualsUninterrupted(() -> new Sac(TrackTarget.factory(), config, 3L), 800, 501,
                s -> s.actor().parameters());
    }

    static SacConfig withSde(SacConfig c) {
        return new SacConfig(c.numEnvs(), c.bufferSize(), c.learningStarts(), c.batchSize(), c.tau(), c.gamma(), 8, 8,
                c.learningRate(), c.autoEntropy(), c.entCoef(), c.targetEntropy(), c.targetUpdateInterval(), c.hidden(), c.activation(),
                c.precision(), c.networkBackend(), true, -2.0, -1, c.threads());
    }

    /** Deterministic actions on a fixed set of observations: what two runs with equal policies agree on bit for bit. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static double[] actionsOnAGrid(Sac sac) {
        Policy policy = (Policy) sac.policy();
        double[] out = new double[21];
        for (int i = 0; i <= 20; i++) {
            out[i] = ((float[]) policy.act(new float[] {-1 + i / 10f}))[0];
        }
        return out;
    }

    @Test
    void twoThreadsTakeTheSameStepsAsOne() {
        // The actor's gradient enters through each row's smaller Q: the two-thread path must pick the same critic; the
        // actor's backward passes (both the Gaussian's network and gSDE's body and head) split over the two threads.
        for (SacConfig one : List.of(small(true, 0.5, Double.NaN, Precision.FLOAT32), withSde(small(true, 0.5, Double.NaN, Precision.FLOAT32)))) {
            SacConfig two = new SacConfig(one.numEnvs(), one.bufferSize(), one.learningStarts(), one.batchSize(), one.tau(), one.gamma(),
                    one.trainFrequency(), one.gradientSteps(), one.learningRate(), one.autoEntropy(), one.entCoef(), one.targetEntropy(),
                    one.targetUpdateInterval(), List.of(64, 64), one.activation(), one.precision(), one.networkBackend(), one.useSde(),
                    one.logStdInit(), one.sdeSampleFreq(), 2);
            SacConfig serialConfig = new SacConfig(two.numEnvs(), two.bufferSize(), two.learningStarts(), two.batchSize(), two.tau(),
                    two.gamma(), two.trainFrequency(), two.gradientSteps(), two.learningRate(), two.autoEntropy(), two.entCoef(),
                    two.targetEntropy(), two.targetUpdateInterval(), two.hidden(), two.activation(), two.precision(), two.networkBackend(),
                    two.useSde(), two.logStdInit(), two.sdeSampleFreq(), 1);
            Sac serial = new Sac(TrackTarget.factory(), serialConfig, 4L);
            Sac parallel = new Sac(TrackTarget.factory(), two, 4L);
            serial.learn(700, Callback.NONE);
            parallel.learn(700, Callback.NONE);
            assertArrayEquals(actionsOnAGrid(serial), actionsOnAGrid(parallel), "use_sde " + one.useSde());
            assertEquals(serial.entCoef(), parallel.entCoef());
        }
    }

    @Test
    void resumeWithStateDependentExplorationEqualsUninterrupted() throws Exception {
        // Stopping mid-rollout (501 is not a multiple of train_frequency 8): the envs' exploration matrices are resumed too.
        SacConfig config = withSde(small(true, 0.5, Double.NaN));
        ResumeCheck.assertResumeEqualsUninterrupted(() -> new Sac(TrackTarget.factory(), config, 3L), 800, 501,
                SacTest::actionsOnAGrid);
    }
}
