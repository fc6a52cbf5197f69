package dev.reins.algorithms.td3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.common.ResumeCheck;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.offpolicy.ActionNoise;
import dev.reins.algorithms.testing.TrackTarget;
import dev.reins.core.algorithm.Evaluator;
import dev.reins.core.callback.Callback;
import dev.reins.core.env.Env;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.policy.Policy;
import dev.reins.envs.registry.EnvFactories;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Td3Test {
    static Td3Config small(int nCritics, int policyDelay, double targetNoise, ActionNoise.Type noise) {
        return small(nCritics, policyDelay, targetNoise, noise, Precision.FLOAT64);
    }

    static Td3Config small(int nCritics, int policyDelay, double targetNoise, ActionNoise.Type noise, Precision precision) {
        return small(nCritics, policyDelay, targetNoise, noise, precision, NetworkBackend.JAVA);
    }

    static Td3Config small(int nCritics, int policyDelay, double targetNoise, ActionNoise.Type noise, Precision precision,
            NetworkBackend backend) {
        return new Td3Config(2, 10_000, 500, 64, 0.01, 0.5, 1, 1, 1e-3, policyDelay, targetNoise, 0.5, noise, 0.2, nCritics, List.of(32),
                Activation.RELU, precision, backend, 1);
    }

    @Test
    void theDl4jBackendTakesTheSameStepsAsTheJavaMlp() {
        // The critics' action gradient goes through Network.inputGradient's default on DL4J: 300 updates later the actors
        // still agree to rounding.
        Td3 java = new Td3(TrackTarget.factory(), small(2, 2, 0.2, ActionNoise.Type.NORMAL, Precision.FLOAT64), 1L, "td3");
        Td3 dl4j = new Td3(TrackTarget.factory(), small(2, 2, 0.2, ActionNoise.Type.NORMAL, Precision.FLOAT64, NetworkBackend.DL4J), 1L,
                "td3");
        java.learn(800, Callback.NONE);
        dl4j.learn(800, Callback.NONE);
        double[] obs = {0.3, -0.7, 0.1, 0.5};
        double[] a = new double[2];
        double[] b = new double[2];
        java.actor().forward(obs, 2, a, false);
        dl4j.actor().forward(obs, 2, b, false);
        assertArrayEquals(a, b, 1e-8);
        assertTrue(dl4j.actor() instanceof dev.reins.algorithms.nn.Dl4jNetwork);
    }

    @Test
    void twoThreadsTakeTheSameStepsAsOne() {
        // Hidden 64 × 64 so that the actor's backward is large enough to be split too.
        Td3Config small = small(2, 2, 0.2, ActionNoise.Type.NORMAL, Precision.FLOAT32);
        Td3Config one = withThreads(small, 1);
        Td3Config two = withThreads(small, 2);
        Td3 serial = new Td3(TrackTarget.factory(), one, 4L, "td3");
        Td3 parallel = new Td3(TrackTarget.factory(), two, 4L, "td3");
        serial.learn(900, Callback.NONE);
        parallel.learn(900, Callback.NONE);
        assertArrayEquals(serial.actor().parameters(), parallel.actor().parameters());
    }

    private static Td3Config withThreads(Td3Config c, int threads) {
        return new Td3Config(c.numEnvs(), c.bufferSize(), c.learningStarts(), c.batchSize(), c.tau(), c.gamma(), c.trainFrequency(),
                c.gradientSteps(), c.learningRate(), c.policyDelay(), c.targetPolicyNoise(), c.targetNoiseClip(), c.actionNoise(),
                c.actionNoiseStd(), c.nCritics(), List.of(64, 64), c.activation(), c.precision(), c.networkBackend(), threads);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static double evaluate(Td3 agent) {
        Env env = TrackTarget.factory().single();
        return Evaluator.evaluate(env, (Policy) agent.policy(), 30, 5L, 100).meanReturn();
    }

    @Test
    void targetUsesTheMinimumOfTheTwinCriticsAndClippedSmoothingNoise() {
        // Noise σ·g = 0.2·10 = 2 is clipped to 0.5; tanh(0) + 0.5 = 0.5.
        assertEquals(0.5, Td3.smoothedTargetAction(0.0, 10.0, 0.2, 0.5), 1e-12);
        assertEquals(-0.5, Td3.smoothedTargetAction(0.0, -10.0, 0.2, 0.5), 1e-12);
        // Small noise passes unclipped; the action stays in [−1, 1].
        assertEquals(Math.tanh(0.3) + 0.02, Td3.smoothedTargetAction(0.3, 0.1, 0.2, 0.5), 1e-12);
        assertEquals(1.0, Td3.smoothedTargetAction(5.0, 3.0, 0.2, 0.5), 1e-12);
        // Twin critics: the smaller target Q is used; terminations cut the bootstrap.
        double[] twin = {3.0, 2.0};
        double min = Math.min(twin[0], twin[1]);
        assertEquals(1.0 + 0.9 * 2.0, Td3.clippedDoubleQTarget(1.0, 0.9, false, min), 1e-12);
        assertEquals(1.0, Td3.clippedDoubleQTarget(1.0, 0.9, true, min), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void td3LearnsAContinuousActionToTheTarget(Precision precision) {
        Td3 td3 = new Td3(TrackTarget.factory(), small(2, 2, 0.2, ActionNoise.Type.NORMAL, precision), 1L, "td3");
        double before = evaluate(td3);
        td3.learn(4_000, Callback.NONE);
        double after = evaluate(td3);
        assertTrue(after > -0.3 && after > before + 1, "return before " + before + ", after " + after);
    }

    @Test
    void ddpgWithOrnsteinUhlenbeckNoiseLearnsToo() {
        Td3 ddpg = new Td3(TrackTarget.factory(), small(1, 1, 0.0, ActionNoise.Type.ORNSTEIN_UHLENBECK), 2L, "ddpg");
        double before = evaluate(ddpg);
        ddpg.learn(4_000, Callback.NONE);
        double after = evaluate(ddpg);
        assertTrue(after > -0.3 && after > before + 1, "return before " + before + ", after " + after);
    }

    @Test
    void ornsteinUhlenbeckExplorationSolvesMountainCarContinuous() {
        // The zoo's exploration (OU noise σ 0.5: long, correlated pushes that reach the flag in the first episodes) with
        // smaller nets and batches than its config so it fits CI: ~15 s. Seed 0 reaches the flag's value (≥ 90).
        Td3Config config = new Td3Config(1, 1_000_000, 100, 128, 0.005, 0.99, 1, 1, 1e-3, 2, 0.2, 0.5,
                ActionNoise.Type.ORNSTEIN_UHLENBECK, 0.5, 2, List.of(32, 32), Activation.RELU, Precision.FLOAT64, NetworkBackend.JAVA, 1);
        EnvFactory mountainCar = EnvFactories.of("MountainCarContinuous-v0", Map.of());
        Td3 td3 = new Td3(mountainCar, config, 0L, "td3");
        td3.learn(20_000, Callback.NONE);
        @SuppressWarnings({"unchecked", "rawtypes"})
        double mean = Evaluator.evaluate((Env) mountainCar.single(), (Policy) td3.policy(), 20, 11L, 999).meanReturn();
        assertTrue(mean >= 90, "MountainCarContinuous-v0 mean return over 20 episodes after 20k steps: " + mean);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void resumeEqualsUninterrupted(Precision precision) throws Exception {
        Td3Config config = small(2, 2, 0.2, ActionNoise.Type.ORNSTEIN_UHLENBECK, precision);
        ResumeCheck.assertResumeEqualsUninterrupted(() -> new Td3(TrackTarget.factory(), config, 3L, "td3"), 1_200, 701,
                t -> t.actor().parameters());
    }
}
