package dev.reins.envs.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.env.Env;
import dev.reins.core.random.Rng;
import dev.reins.core.space.Box;
import dev.reins.core.space.Discrete;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.SyncVectorEnv;
import dev.reins.core.vector.VectorEnv;
import dev.reins.envs.registry.Envs;
import dev.reins.envs.registry.VectorEnvs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassicVectorEnvTest {

    @ParameterizedTest
    @CsvSource({"CartPole-v1,NEXT_STEP", "CartPole-v1,SAME_STEP", "MountainCar-v0,NEXT_STEP", "MountainCarContinuous-v0,SAME_STEP",
        "Acrobot-v1,NEXT_STEP", "Pendulum-v1,SAME_STEP"})
    @SuppressWarnings({"unchecked", "rawtypes"})
    void theFastVectorEnvEqualsSyncVectorEnvOverRegistryEnvs(String id, AutoresetMode mode) {
        int n = 5;
        VectorEnv fast = VectorEnvs.make(id, n, mode, Map.of());
        List<Env<float[], Object>> copies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            copies.add(Envs.make(id));
        }
        VectorEnv reference = new SyncVectorEnv(copies, mode);
        assertTrue(fast instanceof ClassicVectorEnv, "the registry picks the packed implementation");
        fast.reset(21);
        reference.reset(21);
        assertArrayEquals(reference.observations(), fast.observations());
        Rng rng = new Rng(8);
        Object[] actions = fast.singleActionSpace() instanceof Discrete ? new Integer[n] : new float[n][];
        int ends = 0;
        // Long enough for Pendulum's and MountainCar's 200-step limits to hit several times.
        for (int t = 0; t < 1_300; t++) {
            for (int i = 0; i < n; i++) {
                actions[i] = fast.singleActionSpace().sample(rng);
            }
            fast.step(actions);
            reference.step(actions);
            assertArrayEquals(reference.observations(), fast.observations(), "step " + t);
            assertArrayEquals(reference.rewards(), fast.rewards(), "step " + t);
            assertArrayEquals(reference.terminated(), fast.terminated(), "step " + t);
            assertArrayEquals(reference.truncated(), fast.truncated(), "step " + t);
            assertArrayEquals(reference.resetThisStep(), fast.resetThisStep(), "step " + t);
            if (mode == AutoresetMode.SAME_STEP) {
                for (int i = 0; i < n; i++) {
                    if (fast.terminated()[i] || fast.truncated()[i]) {
                        ends++;
                        assertArrayEquals(java.util.Arrays.copyOfRange(reference.finalObservations(), i * fast.observationDim(),
                                (i + 1) * fast.observationDim()), java.util.Arrays.copyOfRange(fast.finalObservations(),
                                i * fast.observationDim(), (i + 1) * fast.observationDim()));
                    }
                }
            } else {
                for (boolean r : fast.resetThisStep()) {
                    ends += r ? 1 : 0;
                }
            }
        }
        assertTrue(ends > 0, "episodes ended during the comparison");
    }

    @ParameterizedTest
    @CsvSource({"Pendulum-v1", "MountainCarContinuous-v0"})
    void continuousActionsAreClippedLikeGymnasiumButNaNIsRejected(String id) {
        VectorEnv<float[]> envs = VectorEnvs.make(id, 1, AutoresetMode.NEXT_STEP, Map.of());
        envs.reset(0);
        float high = ((Box) envs.singleActionSpace()).high(0);
        Env<float[], float[]> single = Envs.make(id);
        single.reset(0);
        envs.step(new float[][] {{high * 10}});
        assertArrayEquals(single.step(new float[] {high}).observation(), envs.observations());
        assertThrows(IllegalArgumentException.class, () -> envs.step(new float[][] {{Float.NaN}}));
        assertThrows(IllegalArgumentException.class, () -> single.step(new float[] {Float.NaN}));
    }
}
