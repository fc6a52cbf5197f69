package dev.reins.bench.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThroughputBreakdownTest {
    private static StackTraceElement frame(String cls, String method) {
        return new StackTraceElement(cls, method, null, -1);
    }

    @Test
    void samplesAreFiledLearningFirstThenEnvThenInference() {
        StackTraceElement learn = frame("dev.reins.algorithms.ppo.Ppo", "learn");
        StackTraceElement update = frame("dev.reins.algorithms.ppo.Ppo", "update");
        StackTraceElement forward = frame("dev.reins.algorithms.nn.Mlp", "forward");
        StackTraceElement act = frame("dev.reins.algorithms.common.ActorCritic", "act");
        StackTraceElement envStep = frame("dev.reins.envs.classic.CartPole", "step");
        StackTraceElement adam = frame("dev.reins.algorithms.nn.Adam", "step");
        // innermost frame first, as Thread.getStackTrace returns them
        assertEquals(2, ThroughputBreakdown.classify(new StackTraceElement[] {forward, update, learn}));
        assertEquals(2, ThroughputBreakdown.classify(new StackTraceElement[] {adam, learn}));
        assertEquals(0, ThroughputBreakdown.classify(new StackTraceElement[] {envStep, learn}));
        assertEquals(1, ThroughputBreakdown.classify(new StackTraceElement[] {forward, act, learn}));
        assertEquals(3, ThroughputBreakdown.classify(new StackTraceElement[] {frame("java.util.ArrayList", "add"), learn}));
    }

    @Test
    void measuresAZooConfigAndSharesAddUp() {
        ThroughputBreakdown.Row r = ThroughputBreakdown.measure("a2c", "CartPole-v1", 3000);
        assertTrue(r.stepsPerSecond() > 0 && r.samples() > 0, r.toString());
        assertEquals(1.0, r.envShare() + r.inferenceShare() + r.learningShare() + r.otherShare(), 1e-9);
        assertTrue(ThroughputBreakdown.markdown(java.util.List.of(r), "cmd").contains("| a2c | 3000 |"));
    }
}
