package dev.reins.algorithms.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.nn.CategoricalHead;
import dev.reins.core.algorithm.EvalResult;
import dev.reins.core.algorithm.Evaluator;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.random.Rng;
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

class PpoTest {
    /** rl-baselines3-zoo's CartPole-v1 settings (8 envs, 32 steps, batch 256, 20 epochs, γ .98, λ .8, linear decays). */
    static PpoConfig zooCartPole() {
        return zooCartPole(Precision.FLOAT64);
    }

    static PpoConfig zooCartPole(Precision precision) {
        return zooCartPole(precision, NetworkBackend.JAVA);
    }

    static PpoConfig zooCartPole(Precision precision, NetworkBackend backend) {
        return new PpoConfig(8, 32, 256, 20, new Schedule.Linear(1e-3, 0, 1), 0.98, 0.8, new Schedule.Linear(0.2, 0, 1), Double.NaN,
                true, 0.0, 0.5, 0.5, Double.NaN, List.of(64, 64), Activation.TANH, precision, backend, 1e-5, false, false,
                PpoConfig.PolicyLoss.CLIP, 1.0, 0.01);
    }

    @Test
    void theDl4jBackendTakesTheSameUpdatesAsTheJavaMlp() {
        // Same initial weights (the DL4J network is a copy of the Mlp), float64 passes: after two rollouts and their 20-epoch
        // updates the policies agree to rounding, so the DL4J path feeds PPO the same outputs and gradients.
        EnvFactory cartPole = EnvFactories.of("CartPole-v1", Map.of());
        Ppo java = new Ppo(cartPole, zooCartPole(Precision.FLOAT64), 2L);
        Ppo dl4j = new Ppo(cartPole, zooCartPole(Precision.FLOAT64, NetworkBackend.DL4J), 2L);
        java.learn(512, Callback.NONE);
        dl4j.learn(512, Callback.NONE);
        double[] obs = {0.02, -0.3, 0.05, 0.4, -0.1, 0.6, -0.08, -0.2, 0.0, 0.0, 0.0, 0.0};
        double[] a = new double[6];
        double[] b = new double[6];
        java.actorCritic().policyNetwork().forward(obs, 3, a, false);
        dl4j.actorCritic().policyNetwork().forward(obs, 3, b, false);
        assertArrayEquals(a, b, 1e-8);
        assertTrue(java.actorCritic().policyNetwork() instanceof dev.reins.algorithms.nn.Mlp);
        assertTrue(dl4j.actorCritic().policyNetwork() instanceof dev.reins.algorithms.nn.Dl4jNetwork);
    }

    @Test
    void ppoWithTheDl4jBackendReachesTheMaximumOnCartPole() {
        EnvFactory cartPole = EnvFactories.of("CartPole-v1", Map.of());
        Ppo ppo = new Ppo(cartPole, zooCartPole(Precision.FLOAT32, NetworkBackend.DL4J), 0L);
        ppo.learn(100_000, Callback.NONE);
        EvalResult r = Evaluator.evaluate(Envs.make("CartPole-v1"), ppo.policy(), 20, 777L, 1_000);
        assertEquals(500.0, r.meanReturn(), "mean return over 20 deterministic episodes");
    }

    @Test
    void categoricalHeadGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(4);
        double[] logits = {0.3, -1.2, 2.0, 0.1};
        double[] logp = new double[4];
        double[] grad = new double[4];
        double dLogp = 0.7;
        double dEntropy = -0.3;
        CategoricalHead.logSoftmax(logits, 0, 4, logp);
        CategoricalHead.backward(logp, 0, 4, 2, dLogp, dEntropy, grad);
        for (int k = 0; k < 4; k++) {
            double saved = logits[k];
            logits[k] = saved + 1e-6;
            double plus = objective(logits, 2, dLogp, dEntropy);
            logits[k] = saved - 1e-6;
            double minus = objective(logits, 2, dLogp, dEntropy);
            logits[k] = saved;
            assertEquals((plus - minus) / 2e-6, grad[k], 1e-8, "logit " + k);
        }
        int[] counts = new int[4];
        for (int i = 0; i < 100_000; i++) {
            counts[CategoricalHead.sample(logp, 0, 4, rng)]++;
        }
        assertEquals(Math.exp(logp[2]), counts[2] / 100_000.0, 0.01);
    }

    private static double objective(double[] logits, int action, double dLogp, double dEntropy) {
        double[] logp = new double[logits.length];
        CategoricalHead.logSoftmax(logits, 0, logits.length, logp);
        return dLogp * logp[action] + dEntropy * CategoricalHead.entropy(logp, 0, logits.length);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void ppoLearnsCartPoleWithAFixedSeed(Precision precision) {
        EnvFactory cartPole = EnvFactories.of("CartPole-v1", Map.of());
        Ppo ppo = new Ppo(cartPole, zooCartPole(precision), 0L);
        ppo.learn(40_000, Callback.NONE);
        EvalResult r = Evaluator.evaluate(Envs.make("CartPole-v1"), ppo.policy(), 50, 777L, 1_000);
        assertTrue(r.meanReturn() >= 195, "mean return over 50 deterministic episodes: " + r.meanReturn());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void resumingMidRolloutContinuesBitForBit(Precision precision) throws Exception {
        EnvFactory cartPole = EnvFactories.of("CartPole-v1", Map.of());
        PpoConfig config = new PpoConfig(4, 16, 32, 3, new Schedule.Linear(1e-3, 1e-4, 1), 0.99, 0.95, new Schedule.Constant(0.2), 0.2,
                true, 0.01, 0.5, 0.5, 0.05, List.of(16), Activation.TANH, precision, NetworkBackend.JAVA, 1e-5, false,
                false, PpoConfig.PolicyLoss.CLIP, 1.0,
                0.01);
        Ppo full = new Ppo(cartPole, config, 5L);
        full.learn(1_000, Callback.NONE);
        Ppo first = new Ppo(cartPole, config, 5L);
        first.learn(1_000, new Callback() {
            @Override
            public void onStep(TrainingContext ctx) {
                if (ctx.step() >= 420) { // 420 = 6 rollouts of 64 + 36: in the middle of a rollout
                    ctx.requestStop("test");
                }
            }
        });
        assertEquals(420, first.stepsDone());
        CheckpointWriter out = new CheckpointWriter();
        first.save(out, "ppo.");
        Path file = Files.createTempFile("ppo", ".zip");
        out.writeTo(file);
        Ppo resumed = new Ppo(cartPole, config, 5L);
        resumed.load(CheckpointReader.read(file), "ppo.");
        resumed.learn(1_000, Callback.NONE);
        assertEquals(full.stepsDone(), resumed.stepsDone());
        assertArrayEquals(full.actorCritic().policyNetwork().parameters(), resumed.actorCritic().policyNetwork().parameters());
    }

    @Test
    void adaptiveKlPenaltyLearnsAndAdaptsItsCoefficient() {
        PpoConfig z = zooCartPole();
        PpoConfig config = new PpoConfig(z.numEnvs(), z.nSteps(), z.batchSize(), 10, new Schedule.Constant(1e-3), z.gamma(),
                z.gaeLambda(), z.clipRange(), z.clipRangeVf(), true, 0.0, 0.5, 0.5, Double.NaN, z.hidden(), z.activation(),
                z.precision(), NetworkBackend.JAVA,
                1e-5, false, false, PpoConfig.PolicyLoss.ADAPTIVE_KL, 1.0, 0.02);
        java.util.Set<Double> coefficients = new java.util.TreeSet<>();
        Ppo ppo = new Ppo(EnvFactories.of("CartPole-v1", Map.of()), config, 0L);
        ppo.learn(30_000, new Callback() {
            @Override
            public void onUpdate(TrainingContext ctx, Map<String, Double> metrics) {
                coefficients.add(metrics.get("kl_coef"));
                assertEquals(Double.POSITIVE_INFINITY, metrics.get("clip_range"));
            }
        });
        assertTrue(coefficients.size() >= 3, "β should move with the measured KL; saw " + coefficients);
        EvalResult r = Evaluator.evaluate(Envs.make("CartPole-v1"), ppo.policy(), 30, 777L, 1_000);
        assertTrue(r.meanReturn() >= 195, "mean return over 30 deterministic episodes: " + r.meanReturn());
    }
}
