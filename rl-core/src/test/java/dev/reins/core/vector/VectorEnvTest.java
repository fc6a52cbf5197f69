package dev.reins.core.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.env.Env;
import dev.reins.core.env.StepResult;
import dev.reins.core.env.wrappers.TimeLimit;
import dev.reins.core.random.Rng;
import dev.reins.core.testing.RandomWalkEnv;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VectorEnvTest {

    private static List<Env<float[], Integer>> envs(int n) {
        List<Env<float[], Integer>> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new TimeLimit<>(new RandomWalkEnv(), 12));
        }
        return list;
    }

    @ParameterizedTest
    @EnumSource(AutoresetMode.class)
    void threadedEqualsSynchronousForASeed(AutoresetMode mode) {
        try (VectorEnv<Integer> sync = new SyncVectorEnv<>(envs(7), mode);
                VectorEnv<Integer> threaded = new ThreadedVectorEnv<>(envs(7), mode, 3)) {
            sync.reset(11);
            threaded.reset(11);
            Rng rng = new Rng(2);
            Integer[] actions = new Integer[7];
            for (int t = 0; t < 300; t++) {
                for (int i = 0; i < 7; i++) {
                    actions[i] = rng.nextInt(2);
                }
                sync.step(actions);
                threaded.step(actions);
                assertArrayEquals(sync.observations(), threaded.observations());
                assertArrayEquals(sync.rewards(), threaded.rewards());
                assertArrayEquals(sync.terminated(), threaded.terminated());
                assertArrayEquals(sync.truncated(), threaded.truncated());
                assertArrayEquals(sync.resetThisStep(), threaded.resetThisStep());
                assertArrayEquals(sync.finalObservations(), threaded.finalObservations());
            }
        }
    }

    @Test
    void nextStepAutoresetMatchesSingleEnvsAndResetsOnTheFollowingStep() {
        int n = 3;
        try (VectorEnv<Integer> vec = new SyncVectorEnv<>(envs(n), AutoresetMode.NEXT_STEP)) {
            List<Env<float[], Integer>> singles = envs(n);
            vec.reset(100);
            boolean[] pendingReset = new boolean[n];
            for (int i = 0; i < n; i++) {
                float[] obs = singles.get(i).reset(100 + i).observation();
                assertArrayEquals(obs, java.util.Arrays.copyOfRange(vec.observations(), 2 * i, 2 * i + 2));
            }
            Rng rng = new Rng(5);
            Integer[] actions = new Integer[n];
            int resets = 0;
            for (int t = 0; t < 200; t++) {
                for (int i = 0; i < n; i++) {
                    actions[i] = rng.nextInt(2);
                }
                vec.step(actions);
                for (int i = 0; i < n; i++) {
                    float[] row = java.util.Arrays.copyOfRange(vec.observations(), 2 * i, 2 * i + 2);
                    if (pendingReset[i]) {
                        assertTrue(vec.resetThisStep()[i]);
                        assertEquals(0.0, vec.rewards()[i]);
                        assertFalse(vec.terminated()[i] || vec.truncated()[i]);
                        assertArrayEquals(singles.get(i).reset().observation(), row);
                        pendingReset[i] = false;
                        resets++;
                    } else {
                        assertFalse(vec.resetThisStep()[i]);
                        StepResult<float[]> r = singles.get(i).step(actions[i]);
                        assertArrayEquals(r.observation(), row, "the final observation is returned on the ending step");
                        assertEquals(r.reward(), vec.rewards()[i]);
                        assertEquals(r.terminated(), vec.terminated()[i]);
                        assertEquals(r.truncated(), vec.truncated()[i]);
                        pendingReset[i] = r.done();
                    }
                }
            }
            assertTrue(resets > 10, "episodes ended and were reset: " + resets);
        }
    }

    @Test
    void sameStepAutoresetKeepsTheFinalObservation() {
        try (VectorEnv<Integer> vec = new SyncVectorEnv<>(envs(1), AutoresetMode.SAME_STEP)) {
            Env<float[], Integer> single = envs(1).get(0);
            vec.reset(4);
            single.reset(4);
            for (int t = 0; t < 100; t++) {
                vec.step(new Integer[] {1});
                StepResult<float[]> r = single.step(1);
                if (r.done()) {
                    assertArrayEquals(r.observation(), vec.finalObservations());
                    assertArrayEquals(single.reset().observation(), vec.observations());
                } else {
                    assertArrayEquals(r.observation(), vec.observations());
                }
            }
        }
    }

    @Test
    void misuseIsAClearError() {
        try (VectorEnv<Integer> vec = new SyncVectorEnv<>(envs(2), AutoresetMode.NEXT_STEP)) {
            assertThrows(IllegalStateException.class, () -> vec.step(new Integer[] {0, 0}));
            vec.reset(0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vec.step(new Integer[] {0}));
            assertTrue(e.getMessage().contains("2 envs but got 1 actions"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> vec.step(new Integer[] {0, 5}));
        }
    }
}
