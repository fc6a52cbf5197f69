package dev.reins.algorithms.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.nn.DiagGaussianHead;
import dev.reins.core.algorithm.Evaluator;
import dev.reins.core.callback.Callback;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.BaseEnv;
import dev.reins.core.env.Env;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.env.wrappers.TimeLimit;
import dev.reins.core.random.Rng;
import dev.reins.core.schedule.Schedule;
import dev.reins.core.space.Box;
import dev.reins.core.space.Space;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.SyncVectorEnv;
import dev.reins.core.vector.VectorEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.reins.algorithms.testing.TrackTarget;
import org.junit.jupiter.api.Test;

class ContinuousPpoTest {

    @Test
    void gaussianHeadGradientsMatchFiniteDifferences() {
        double[] means = {0.3, -1.1};
        double[] logStd = {-0.4, 0.2};
        float[] actions = {0.9f, -0.2f};
        double dLogp = 1.3;
        double dEntropy = -0.2;
        double[] meanGradient = new double[2];
        double[] logStdGradient = new double[2];
        DiagGaussianHead.backward(means, 0, logStd, actions, 0, dLogp, dEntropy, meanGradient, logStdGradient);
        for (int j = 0; j < 2; j++) {
            double saved = means[j];
            means[j] = saved + 1e-6;
            double plus = dLogp * DiagGaussianHead.logProb(means, 0, logStd, actions, 0) + dEntropy * DiagGaussianHead.entropy(logStd);
            means[j] = saved - 1e-6;
            double minus = dLogp * DiagGaussianHead.logProb(means, 0, logStd, actions, 0) + dEntropy * DiagGaussianHead.entropy(logStd);
            means[j] = saved;
            assertEquals((plus - minus) / 2e-6, meanGradient[j], 1e-7, "mean " + j);
            saved = logStd[j];
            logStd[j] = saved + 1e-6;
            plus = dLogp * DiagGaussianHead.logProb(means, 0, logStd, actions, 0) + dEntropy * DiagGaussianHead.entropy(logStd);
            logStd[j] = saved - 1e-6;
            minus = dLogp * DiagGaussianHead.logProb(means, 0, logStd, actions, 0) + dEntropy * DiagGaussianHead.entropy(logStd);
            logStd[j] = saved;
            assertEquals((plus - minus) / 2e-6, logStdGradient[j], 1e-7, "log std " + j);
        }
        // Agrees with rl-core's DiagGaussian distribution.
        var reference = new dev.reins.core.distribution.DiagGaussian(means, logStd);
        assertEquals(reference.logProb(new double[] {0.9f, -0.2f}), DiagGaussianHead.logProb(means, 0, logStd, actions, 0), 1e-12);
        assertEquals(reference.entropy(), DiagGaussianHead.entropy(logStd), 1e-12);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void ppoLearnsAContinuousActionToTheTarget() {
        PpoConfig config = new PpoConfig(4, 64, 64, 10, new Schedule.Constant(3e-3), 0.0, 0.0, new Schedule.Constant(0.2), Double.NaN,
                true, 0.0, 0.5, 0.5, Double.NaN, List.of(32), Activation.TANH, Precision.FLOAT64, NetworkBackend.JAVA, 1e-5, false, false,
                PpoConfig.PolicyLoss.CLIP, 1.0, 0.01);
        Ppo ppo = new Ppo(TrackTarget.factory(), config, 2L);
        Env env = TrackTarget.factory().single();
        double before = Evaluator.evaluate(env, (dev.reins.core.policy.Policy) ppo.policy(), 30, 5L, 100).meanReturn();
        ppo.learn(20_000, Callback.NONE);
        double after = Evaluator.evaluate(env, (dev.reins.core.policy.Policy) ppo.policy(), 30, 5L, 100).meanReturn();
        // Ten steps per episode; always answering 0 costs 10·E[x²] ≈ 3.3.
        assertTrue(after > -0.3 && after > before + 2, "return before " + before + ", after " + after);
    }

    private static PpoConfig withSde(int sdeSampleFreq) {
        return new PpoConfig(4, 64, 64, 10, new Schedule.Constant(3e-3), 0.0, 0.0, new Schedule.Constant(0.2), Double.NaN, true, 0.0, 0.5,
                0.5, Double.NaN, List.of(32), Activation.TANH, Precision.FLOAT32, NetworkBackend.JAVA, 1e-5, false, false,
                PpoConfig.PolicyLoss.CLIP, 1.0, 0.01, false, -1.0, true, sdeSampleFreq);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void ppoWithStateDependentExplorationLearnsAContinuousActionToTheTarget() {
        Ppo ppo = new Ppo(TrackTarget.factory(), withSde(-1), 2L);
        assertEquals(32, ppo.actorCritic().logStd().length, "one log-std per (feature, action)");
        Env env = TrackTarget.factory().single();
        double before = Evaluator.evaluate(env, (dev.reins.core.policy.Policy) ppo.policy(), 30, 5L, 100).meanReturn();
        ppo.learn(20_000, Callback.NONE);
        double after = Evaluator.evaluate(env, (dev.reins.core.policy.Policy) ppo.policy(), 30, 5L, 100).meanReturn();
        assertTrue(after > -0.3 && after > before + 2, "return before " + before + ", after " + after);
    }

    @Test
    void resumeWithStateDependentExplorationEqualsUninterrupted() throws Exception {
        // Stopped mid-rollout (1,001 is not a multiple of 4 envs × 64 steps) with matrices redrawn every 5 steps: the
        // matrices and the step count since the last draw are resumed too.
        dev.reins.algorithms.common.ResumeCheck.assertResumeEqualsUninterrupted(() -> new Ppo(TrackTarget.factory(), withSde(5), 3L),
                2_048, 1_001, p -> p.actorCritic().policyNetwork().parameters());
    }

    @Test
    void stateDependentExplorationIsRefusedWhereItCannotWork() {
        IllegalArgumentException discrete = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Ppo(dev.reins.envs.registry.EnvFactories.of("CartPole-v1", Map.of()), withSde(-1), 0L));
        assertTrue(discrete.getMessage().contains("use_sde needs a Box action space"), discrete.getMessage());
        IllegalArgumentException workers = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Ppo(TrackTarget.factory(), withSde(-1), 0L).withRolloutWorkers(null));
        assertTrue(workers.getMessage().contains("use_sde with rollout workers"), workers.getMessage());
    }
}
