package dev.reins.algorithms.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.rollout.RolloutWorkers;
import dev.reins.algorithms.rollout.SerializingRolloutWorkers;
import dev.reins.algorithms.rollout.ThreadRolloutWorkers;
import dev.reins.core.algorithm.EvalResult;
import dev.reins.core.algorithm.Evaluator;
import dev.reins.core.callback.Callback;
import dev.reins.core.env.wrappers.EpisodeStatistics;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.schedule.Schedule;
import dev.reins.envs.registry.EnvFactories;
import dev.reins.envs.registry.Envs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PPO whose rollouts rollout workers collect: the same run on threads and through a serializing backend, and resumable. */
class PpoRolloutWorkersTest {
    private static final EnvFactory CART_POLE = EnvFactories.of("CartPole-v1", Map.of());

    /** 5 envs (shares of 3 and 2), 16 steps per rollout, two minibatches. */
    private static PpoConfig config() {
        return new PpoConfig(5, 16, 40, 3, new Schedule.Linear(1e-3, 1e-4, 1), 0.99, 0.95, new Schedule.Constant(0.2), 0.2, true, 0.01,
                0.5, 0.5, Double.NaN, List.of(16), Activation.TANH, Precision.FLOAT64, NetworkBackend.JAVA, 1e-5, false, false,
                PpoConfig.PolicyLoss.CLIP, 1.0, 0.01);
    }

    /** Weights after {@code steps} env steps, and the episode returns the callbacks saw. */
    private record Outcome(byte[] weights, List<Double> returns, long steps) {}

    private static Outcome train(RolloutWorkers workers, long steps) {
        Ppo ppo = new Ppo(CART_POLE, config(), 7L);
        if (workers != null) {
            ppo.withRolloutWorkers(workers);
        }
        List<Double> returns = new ArrayList<>();
        ppo.learn(steps, new Callback() {
            @Override
            public void onEpisodeEnd(TrainingContext ctx, EpisodeStatistics episode) {
                returns.add(episode.episodeReturn());
            }
        });
        return new Outcome(ppo.actorCritic().encodeWeights(), returns, ppo.stepsDone());
    }

    @Test
    void twoWorkersGiveTheSameRunOnThreadsAndThroughSerializationWithARetriedTask() {
        Outcome threads;
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            threads = train(two, 1_600);
        }
        SerializingRolloutWorkers distributed = new SerializingRolloutWorkers(2, 4);
        Outcome serialized = train(distributed, 1_600);
        assertEquals(1, distributed.retries);
        assertArrayEquals(threads.weights(), serialized.weights());
        assertEquals(threads.returns(), serialized.returns());
        assertEquals(1_600, threads.steps());
        assertTrue(threads.returns().size() > 10, "episodes reported: " + threads.returns().size());
        assertFalse(Arrays.equals(threads.weights(), train(null, 1_600).weights()), "workers' envs start from their own streams");
    }

    @Test
    void aRunWithWorkersResumesExactlyAndOnlyWithTheSameCount() throws Exception {
        Outcome straight;
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            straight = train(two, 1_600);
        }
        CheckpointWriter out = new CheckpointWriter();
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            Ppo first = new Ppo(CART_POLE, config(), 7L).withRolloutWorkers(two);
            first.learn(1_600, new Callback() {
                @Override
                public void onStep(TrainingContext ctx) {
                    if (ctx.step() >= 800) { // the end of the tenth round, before its update
                        ctx.requestStop("test");
                    }
                }
            });
            assertEquals(800, first.stepsDone());
            first.save(out, "ppo.");
        }
        CheckpointReader in = CheckpointReader.fromBytes(out.toBytes(), "test");
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            Ppo resumed = new Ppo(CART_POLE, config(), 7L).withRolloutWorkers(two);
            resumed.load(in, "ppo.");
            resumed.learn(1_600, Callback.NONE);
            assertArrayEquals(straight.weights(), resumed.actorCritic().encodeWeights());
        }
        try (RolloutWorkers three = new ThreadRolloutWorkers(3)) {
            Ppo other = new Ppo(CART_POLE, config(), 7L).withRolloutWorkers(three);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.load(in, "ppo."));
            assertTrue(e.getMessage().contains("2 rollout workers"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Ppo(CART_POLE, config(), 7L).load(in, "ppo."));
        assertTrue(e.getMessage().contains("resume it with the same count"), e.getMessage());
    }

    @Test
    void normalizationAndMoreWorkersThanEnvsAreRefused() {
        PpoConfig c = config();
        PpoConfig normalized = new PpoConfig(c.numEnvs(), c.nSteps(), c.batchSize(), c.nEpochs(), c.learningRate(), c.gamma(), c.gaeLambda(),
                c.clipRange(), c.clipRangeVf(), c.normalizeAdvantage(), c.entCoef(), c.vfCoef(), c.maxGradNorm(), c.targetKl(), c.hidden(),
                c.activation(), c.precision(), c.networkBackend(), c.adamEpsilon(), true, false, c.policyLoss(), c.klCoefInit(),
                c.adaptiveKlTarget());
        try (RolloutWorkers two = new ThreadRolloutWorkers(2); RolloutWorkers six = new ThreadRolloutWorkers(6)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Ppo(CART_POLE, normalized, 0L).withRolloutWorkers(two));
            assertTrue(e.getMessage().contains("normalize_observations"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new Ppo(CART_POLE, config(), 0L).withRolloutWorkers(six));
            assertTrue(e.getMessage().contains("at least one env"), e.getMessage());
        }
    }

    @Test
    void ppoWithTwoWorkersLearnsCartPole() {
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            Ppo ppo = new Ppo(CART_POLE, PpoTest.zooCartPole(), 0L).withRolloutWorkers(two);
            ppo.learn(40_000, Callback.NONE);
            EvalResult r = Evaluator.evaluate(Envs.make("CartPole-v1"), ppo.policy(), 50, 777L, 1_000);
            assertTrue(r.meanReturn() >= 195, "mean return over 50 deterministic episodes: " + r.meanReturn());
        }
    }
}
