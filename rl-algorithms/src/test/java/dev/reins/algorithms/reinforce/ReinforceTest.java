package dev.reins.algorithms.reinforce;

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

class ReinforceTest {
    private static final EnvFactory CART_POLE = EnvFactories.of("CartPole-v1", Map.of());

    @Test
    void reinforceWithBaselineLearnsCartPoleWithAFixedSeed() {
        Reinforce agent = new Reinforce(CART_POLE, ReinforceConfig.defaults(), 0L);
        agent.learn(100_000, Callback.NONE);
        EvalResult r = Evaluator.evaluate(Envs.make("CartPole-v1"), agent.policy(), 30, 777L, 1_000);
        assertTrue(r.meanReturn() >= 195, "mean return over 30 deterministic episodes: " + r.meanReturn());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void resumeEqualsUninterruptedMidEpisodeWithSeveralEnvs(Precision precision) throws Exception {
        ReinforceConfig config = new ReinforceConfig(3, 4, new Schedule.Constant(1e-3), 1e-3, 2, 0.99, true, true, 0.01, 1.0, List.of(16),
                Activation.TANH, precision, NetworkBackend.JAVA);
        ResumeCheck.assertResumeEqualsUninterrupted(() -> new Reinforce(CART_POLE, config, 2L), 3_000, 1_500,
                a -> ResumeCheck.policyParameters(a.actorCritic()));
    }

    @Test
    void withoutBaselineToo() throws Exception {
        ReinforceConfig d = ReinforceConfig.defaults();
        ReinforceConfig config = new ReinforceConfig(1, 4, d.learningRate(), d.valueLearningRate(), d.valueEpochs(), d.gamma(), false,
                true, 0.0, d.maxGradNorm(), List.of(16), d.activation(), d.precision(), NetworkBackend.JAVA);
        ResumeCheck.assertResumeEqualsUninterrupted(() -> new Reinforce(CART_POLE, config, 3L), 2_000, 777,
                a -> ResumeCheck.policyParameters(a.actorCritic()));
    }
}
