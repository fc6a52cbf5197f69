package dev.reins.algorithms.a2c;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.common.ResumeCheck;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.algorithm.EvalResult;
import dev.reins.core.algorithm.Evaluator;
import dev.reins.core.callback.Callback;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.schedule.Schedule;
import dev.reins.envs.registry.EnvFactories;
import dev.reins.envs.registry.Envs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class A2cTest {
    private static final EnvFactory CART_POLE = EnvFactories.of("CartPole-v1", Map.of());

    @Test
    void a2cLearnsCartPoleWithAFixedSeed() {
        A2cConfig d = A2cConfig.defaults();
        A2cConfig config = new A2cConfig(8, d.nSteps(), d.learningRate(), d.gamma(), d.gaeLambda(), 0.0, d.vfCoef(), d.maxGradNorm(),
                true, d.rmsPropEps(), false, d.hidden(), d.activation(), d.precision(), NetworkBackend.JAVA, false, false);
        A2c a2c = new A2c(CART_POLE, config, 0L);
        a2c.learn(150_000, Callback.NONE);
        EvalResult r = Evaluator.evaluate(Envs.make("CartPole-v1"), a2c.policy(), 30, 777L, 1_000);
        assertTrue(r.meanReturn() >= 195, "mean return over 30 deterministic episodes: " + r.meanReturn());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void resumeEqualsUninterruptedWithNormalizationStatistics(Precision precision) throws Exception {
        // Normalized observations and rewards: their running statistics must come back from the checkpoint too.
        A2cConfig config = new A2cConfig(4, 5, new Schedule.Linear(1e-3, 1e-4, 1), 0.99, 0.95, 0.01, 0.5, 0.5, false, 1e-5, true,
                List.of(16), Activation.TANH, precision, NetworkBackend.JAVA, true, true);
        ResumeCheck.assertResumeEqualsUninterrupted(() -> new A2c(CART_POLE, config, 4L), 2_000, 1_004,
                a -> ResumeCheck.policyParameters(a.actorCritic()));
    }
}
