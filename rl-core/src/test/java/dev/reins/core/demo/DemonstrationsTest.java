package dev.reins.core.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.space.Box;
import dev.reins.core.space.Discrete;
import dev.reins.core.testing.RandomWalkEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemonstrationsTest {
    @TempDir
    Path dir;

    private final RandomWalkEnv env = new RandomWalkEnv();

    @Test
    void recordedEpisodesRoundTripThroughTheFile() throws Exception {
        List<Trajectory<float[], Integer>> demos = TrajectoryRecorder.record(env, obs -> obs[0] > 0 ? 0 : 1, 5, 7L, 50);
        Path file = dir.resolve("demos.jsonl");
        Demonstrations.write(file, "RandomWalk-v0", demos);
        assertEquals(5, Files.readAllLines(file).size(), "one trajectory a line");
        List<Trajectory<float[], Integer>> back = Demonstrations.read(file, "RandomWalk-v0", env.observationSpace(), env.actionSpace());
        assertEquals(demos.size(), back.size());
        for (int k = 0; k < demos.size(); k++) {
            Trajectory<float[], Integer> a = demos.get(k);
            Trajectory<float[], Integer> b = back.get(k);
            assertEquals(a.actions(), b.actions());
            assertArrayEquals(a.rewards(), b.rewards());
            assertEquals(a.terminated(), b.terminated());
            assertEquals(a.truncated(), b.truncated());
            for (int t = 0; t < a.observations().size(); t++) {
                assertArrayEquals(a.observations().get(t), b.observations().get(t));
            }
        }
        // Seeded: the same recording again.
        List<Trajectory<float[], Integer>> again = TrajectoryRecorder.record(env, obs -> obs[0] > 0 ? 0 : 1, 5, 7L, 50);
        assertArrayEquals(demos.get(3).rewards(), again.get(3).rewards());
    }

    @Test
    void episodesCutByTheRecorderEndNeitherWay() {
        Trajectory<float[], Integer> t = TrajectoryRecorder.record(env, obs -> 0, 1, 1L, 3).get(0);
        assertTrue(t.length() <= 3);
        assertTrue(t.terminated() || t.length() == 3);
        assertTrue(!t.truncated());
    }

    private String error(String... lines) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.write(file, List.of(lines));
        return assertThrows(DemonstrationException.class,
                () -> Demonstrations.read(file, "RandomWalk-v0", env.observationSpace(), env.actionSpace())).getMessage();
    }

    @Test
    void badFilesAreNamedByFileAndLine() throws Exception {
        String ok = "{\"observations\": [[0, 0], [0.5, 1]], \"actions\": [1], \"rewards\": [-0.5], \"terminated\": true}";
        assertTrue(error(ok, "{\"observations\": [[0, 0, 0], [0.5, 1]], \"actions\": [1], \"rewards\": [0]}")
                .matches(".*bad.jsonl:2: observation 0 is \\[0,0,0\\], expected 2 numbers .*"), error(ok,
                        "{\"observations\": [[0, 0, 0], [0.5, 1]], \"actions\": [1], \"rewards\": [0]}"));
        assertTrue(error("{\"observations\": [[0, 0], [0.5, 1]], \"actions\": [2], \"rewards\": [0]}")
                .contains("bad.jsonl:1: action 0 is 2, outside the action space Discrete(2)"));
        assertTrue(error("{\"observations\": [[0, 0]], \"actions\": [1], \"rewards\": [0]}")
                .contains("1 observations and 1 actions; expected one more observation than actions"));
        assertTrue(error("{\"env\": \"CartPole-v1\", \"observations\": [[0, 0], [1, 1]], \"actions\": [1], \"rewards\": [0]}")
                .contains("played on CartPole-v1, but the env is RandomWalk-v0"));
        assertTrue(error("not json").contains("bad.jsonl:1: not JSON"));
        assertTrue(error("").contains("has no trajectories"));
        assertTrue(error("{\"observations\": [[0, \"x\"], [1, 1]], \"actions\": [1], \"rewards\": [0]}")
                .contains("observation 0 has \"x\" at index 1, expected a finite number"));
        DemonstrationException missing = assertThrows(DemonstrationException.class,
                () -> Demonstrations.read(dir.resolve("nope.jsonl"), null, new Discrete(3), new Box(new float[] {0}, new float[] {1})));
        assertTrue(missing.getMessage().contains("nope.jsonl does not exist"));
    }
}
