package dev.reins.algorithms.a2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.rollout.RolloutWorkers;
import dev.reins.algorithms.rollout.SerializingRolloutWorkers;
import dev.reins.algorithms.rollout.ThreadRolloutWorkers;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.schedule.Schedule;
import dev.reins.envs.registry.EnvFactories;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A2C's rollouts on rollout workers: the shared collector PPO uses, the same guarantees. */
class A2cRolloutWorkersTest {
    private static final EnvFactory CART_POLE = EnvFactories.of("CartPole-v1", Map.of());

    private static A2cConfig config() {
        return new A2cConfig(5, 8, new Schedule.Linear(1e-3, 1e-4, 1), 0.99, 0.95, 0.01, 0.5, 0.5, false, 1e-5, true, List.of(16),
                Activation.TANH, Precision.FLOAT64, NetworkBackend.JAVA, false, false);
    }

    private static byte[] train(RolloutWorkers workers) {
        A2c a2c = new A2c(CART_POLE, config(), 11L);
        if (workers != null) {
            a2c.withRolloutWorkers(workers);
        }
        a2c.learn(1_200, Callback.NONE);
        return a2c.actorCritic().encodeWeights();
    }

    @Test
    void twoWorkersGiveTheSameRunOnThreadsAndThroughSerializationAndResumeExactly() {
        byte[] threads;
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            threads = train(two);
        }
        SerializingRolloutWorkers distributed = new SerializingRolloutWorkers(2, 7);
        assertArrayEquals(threads, train(distributed));
        assertEquals(1, distributed.retries);
        assertFalse(Arrays.equals(threads, train(null)));

        CheckpointWriter out = new CheckpointWriter();
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            A2c first = new A2c(CART_POLE, config(), 11L).withRolloutWorkers(two);
            first.learn(1_200, new Callback() {
                @Override
                public void onStep(TrainingContext ctx) {
                    if (ctx.step() >= 600) {
                        ctx.requestStop("test");
                    }
                }
            });
            first.save(out, "a2c.");
        }
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            A2c resumed = new A2c(CART_POLE, config(), 11L).withRolloutWorkers(two);
            resumed.load(CheckpointReader.fromBytes(out.toBytes(), "test"), "a2c.");
            resumed.learn(1_200, Callback.NONE);
            assertArrayEquals(threads, resumed.actorCritic().encodeWeights());
        }
    }
}
