package dev.reins.algorithms.dqn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.loss.RegressionLoss;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.algorithm.EvalResult;
import dev.reins.core.algorithm.Evaluator;
import dev.reins.core.callback.Callback;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.Env;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.schedule.Schedule;
import dev.reins.envs.registry.EnvFactories;
import dev.reins.envs.registry.Envs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DqnLearningTest {
    /** rl-baselines3-zoo's CartPole-v1 settings with a [64, 64] network (4× fewer multiply-adds than [256, 256]). */
    static DqnConfig cartPole(boolean doubleDqn, boolean dueling, boolean prioritized, int nSteps) {
        return cartPole(doubleDqn, dueling, prioritized, nSteps, Precision.FLOAT64);
    }

    static DqnConfig cartPole(boolean doubleDqn, boolean dueling, boolean prioritized, int nSteps, Precision precision) {
        return cartPole(doubleDqn, dueling, prioritized, nSteps, precision, NetworkBackend.JAVA);
    }

    static DqnConfig cartPole(boolean doubleDqn, boolean dueling, boolean prioritized, int nSteps, Precision precision,
            NetworkBackend backend) {
        return new DqnConfig(1, new Schedule.Constant(2.3e-3), 100_000, 1_000, 64, 0.99, 1.0, 10, 256, 128, 1.0, 0.04, 0.16,
                List.of(64, 64), Activation.RELU, precision, backend, doubleDqn, dueling, prioritized, 0.6, 0.4, 1e-6, nSteps,
                RegressionLoss.HUBER, 10, 1e-8);
    }

    @Test
    void theDl4jBackendTakesTheSameStepsAsTheJavaMlp() {
        EnvFactory cartPole = EnvFactories.of("CartPole-v1", Map.of());
        Dqn java = new Dqn(cartPole, cartPole(true, true, false, 1, Precision.FLOAT64), 6L);
        Dqn dl4j = new Dqn(cartPole, cartPole(true, true, false, 1, Precision.FLOAT64, NetworkBackend.DL4J), 6L);
        java.learn(1_600, Callback.NONE);
        dl4j.learn(1_600, Callback.NONE);
        double[] obs = {0.02, -0.3, 0.05, 0.4, -0.1, 0.6, -0.08, -0.2};
        double[] a = new double[4];
        double[] b = new double[4];
        java.qNetwork().forward(obs, 2, a, false);
        dl4j.qNetwork().forward(obs, 2, b, false);
        assertArrayEquals(a, b, 1e-8);
    }

    @Test
    void dqnLearnsCartPoleWithAFixedSeed() {
        EnvFactory cartPole = EnvFactories.of("CartPole-v1", Map.of());
        Dqn dqn = new Dqn(cartPole, cartPole(false, false, false, 1), 0L);
        dqn.learn(50_000, Callback.NONE);
        Env<float[], Integer> env = Envs.make("CartPole-v1");
        EvalResult r = Evaluator.evaluate(env, dqn.policy(), 100, 12_345L, 1_000);
        assertTrue(r.meanReturn() >= 195, "mean return over 100 deterministic episodes: " + r.meanReturn());
    }

    /**
     * Also the float32 Q-network's check. Not a learning test: these zoo settings at [64, 64] and 50k steps reach 500 on
     * 4 of seeds 0–9 in float64 and 3 in float32 (the seed-0 test above is one of the 4).
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void everyExtensionTrainsAndImprovesOnRandom(Precision precision) {
        EnvFactory cartPole = EnvFactories.of("CartPole-v1", Map.of());
        Env<float[], Integer> env = Envs.make("CartPole-v1");
        double random = Evaluator.evaluate(env, obs -> 0, 20, 1L, 1_000).meanReturn();
        Dqn all = new Dqn(cartPole, cartPole(true, true, true, 3, precision), 1L);
        all.learn(15_000, Callback.NONE);
        double learned = Evaluator.evaluate(env, all.policy(), 20, 1L, 1_000).meanReturn();
        assertTrue(learned > 3 * random, "double + dueling + prioritized + 3-step: " + learned + " vs always-left " + random);
        assertEquals("double-dqn", all.name());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void resumingFromACheckpointContinuesBitForBit(Precision precision) throws Exception {
        EnvFactory cartPole = EnvFactories.of("CartPole-v1", Map.of());
        DqnConfig config = new DqnConfig(2, new Schedule.Linear(1e-3, 1e-4, 1.0), 5_000, 300, 32, 0.99, 0.5, 50, 4, 2, 1.0, 0.05, 0.5,
                List.of(16), Activation.TANH, precision, NetworkBackend.JAVA, true, true, true, 0.6, 0.4, 1e-6, 2,
                RegressionLoss.HUBER, 10, 1e-8);
        Dqn full = new Dqn(cartPole, config, 9L);
        full.learn(3_000, Callback.NONE);

        Dqn first = new Dqn(cartPole, config, 9L);
        Callback stopAt = new Callback() {
            @Override
            public void onStep(dev.reins.core.callback.TrainingContext ctx) {
                if (ctx.step() >= 1_400) {
                    ctx.requestStop("test");
                }
            }
        };
        first.learn(3_000, stopAt);
        CheckpointWriter out = new CheckpointWriter();
        first.save(out, "dqn.");
        Path file = Files.createTempFile("dqn", ".zip");
        out.writeTo(file);
        Dqn resumed = new Dqn(cartPole, config, 9L);
        resumed.load(CheckpointReader.read(file), "dqn.");
        resumed.learn(3_000, Callback.NONE);
        assertEquals(full.stepsDone(), resumed.stepsDone());
        assertArrayEquals(full.qNetwork().body().parameters(), resumed.qNetwork().body().parameters());
    }
}
