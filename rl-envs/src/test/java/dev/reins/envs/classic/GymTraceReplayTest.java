package dev.reins.envs.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.envs.trace.GymTraceReplay;
import dev.reins.envs.trace.TraceEpisodeReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gymnasium 1.4's own traces, replayed step by step: observations bit for bit, states within 1e-12. */
class GymTraceReplayTest {
    private static List<TraceEpisodeReport> reports;

    @BeforeAll
    static void replay() throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                GymTraceReplayTest.class.getResourceAsStream("/gymnasium/gymnasium-classic-control.jsonl"), StandardCharsets.UTF_8))) {
            reports = GymTraceReplay.replay(in, "gymnasium-classic-control.jsonl");
        }
    }

    @Test
    void everyEnvAndSeedReplaysExactly() {
        assertEquals(25, reports.size(), "5 envs × 5 seeds");
        for (TraceEpisodeReport r : reports) {
            assertEquals(0, r.observationMismatches(), r.toString());
            assertEquals(0, r.flagMismatches(), r.toString());
            assertTrue(r.maxStateDeviation() <= GymTraceReplay.STATE_TOLERANCE, r.toString());
            assertTrue(r.maxRewardDeviation() <= GymTraceReplay.STATE_TOLERANCE, r.toString());
        }
    }

    @Test
    void episodeLengthsMatchTheTraceMetadata() {
        Map<String, Integer> steps = reports.stream().collect(Collectors.toMap(r -> r.env() + "#" + r.seed(), TraceEpisodeReport::steps));
        // From gymnasium-classic-control.meta.json.
        assertEquals(18, steps.get("CartPole-v1#0"));
        assertEquals(29, steps.get("CartPole-v1#1"));
        assertEquals(11, steps.get("CartPole-v1#4"));
        assertEquals(200, steps.get("MountainCar-v0#0"));
        assertEquals(200, steps.get("Acrobot-v1#3"));
        assertEquals(200, steps.get("Pendulum-v1#2"));
        assertEquals(200, steps.get("MountainCarContinuous-v0#4"));
    }
}
