package dev.reins.algorithms.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.callback.Callback;
import dev.reins.core.env.Env;
import dev.reins.core.mdp.Mdp;
import dev.reins.core.mdp.TabularEnv;
import dev.reins.envs.registry.Envs;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DynamicProgrammingTest {

    /**
     * The FrozenLake 4x4 slippery start value, computed independently by solving the Bellman optimality equation with
     * a plain fixed-point loop over the raw Gymnasium transition rules (not the env's table).
     */
    @Test
    void frozenLakeStartValueMatchesAnIndependentSolution() {
        ValueIteration vi = new ValueIteration(Envs.make("FrozenLake-v1"), new DynamicProgrammingConfig(0.99, 1e-12));
        vi.learn(100_000, Callback.NONE);
        assertTrue(vi.converged());
        double independent = independentFrozenLakeStartValue(0.99);
        assertEquals(independent, vi.values()[0], 1e-8);
        assertEquals(0.542, vi.values()[0], 5e-4, "the known optimal start value with γ = 0.99");
    }

    private static double independentFrozenLakeStartValue(double gamma) {
        String map = "SFFFFHFHFFFHHFFG";
        double[] v = new double[16];
        int[][] moves = {{0, -1}, {1, 0}, {0, 1}, {-1, 0}}; // left, down, right, up
        for (int iter = 0; iter < 100_000; iter++) {
            double[] next = new double[16];
            for (int s = 0; s < 16; s++) {
                if (map.charAt(s) == 'H' || map.charAt(s) == 'G') {
                    continue;
                }
                double best = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < 4; a++) {
                    double value = 0;
                    for (int slip : new int[] {3, 0, 1}) { // a−1, a, a+1 mod 4
                        int m = (a + slip) % 4;
                        int r = Math.max(0, Math.min(3, s / 4 + moves[m][0]));
                        int c = Math.max(0, Math.min(3, s % 4 + moves[m][1]));
                        int t = r * 4 + c;
                        double reward = map.charAt(t) == 'G' ? 1 : 0;
                        boolean terminal = map.charAt(t) == 'G' || map.charAt(t) == 'H';
                        value += (reward + (terminal ? 0 : gamma * v[t])) / 3.0;
                    }
                    best = Math.max(best, value);
                }
                next[s] = best;
            }
            v = next;
        }
        return v[0];
    }

    @ParameterizedTest
    @ValueSource(strings = {"FrozenLake-v1", "FrozenLake8x8-v1", "CliffWalking-v1", "CliffWalkingSlippery-v1", "Taxi-v4"})
    void valueAndPolicyIterationAgree(String id) {
        Env<Integer, Integer> env = Envs.make(id);
        DynamicProgrammingConfig config = new DynamicProgrammingConfig(0.99, 1e-11);
        ValueIteration vi = new ValueIteration(env, config);
        vi.learn(1_000_000, Callback.NONE);
        PolicyIteration pi = new PolicyIteration(env, config);
        pi.learn(10_000, Callback.NONE);
        assertTrue(vi.converged() && pi.stable(), "both converge on " + id);
        double[] a = vi.values();
        double[] b = pi.values();
        for (int s = 0; s < a.length; s++) {
            assertEquals(a[s], b[s], 1e-7, id + " state " + s);
        }
        // Both policies are greedy w.r.t. the optimal values: each chooses an action achieving the optimum.
        Mdp mdp = ((TabularEnv) env.unwrapped()).mdp();
        QTable q = vi.qTable();
        for (int s = 0; s < mdp.numStates(); s++) {
            assertEquals(q.max(s), q.get(s, pi.actions()[s]), 1e-6, id + " policy iteration's action in state " + s);
        }
    }

    @Test
    void cliffWalkingOptimalValueIsThirteenStepsOfCost() {
        ValueIteration vi = new ValueIteration(Envs.make("CliffWalking-v1"), new DynamicProgrammingConfig(1.0, 1e-12));
        vi.learn(10_000, Callback.NONE);
        assertEquals(-13.0, vi.values()[36], 1e-9, "start state: 13 moves along the cliff edge");
    }

    @Test
    void envWithoutAModelIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ValueIteration(Envs.make("Blackjack-v1"), DynamicProgrammingConfig.defaults()));
        assertTrue(e.getMessage().contains("Blackjack-v1"), e.getMessage());
    }

    @Test
    void valueIterationResumesFromCheckpoint() throws Exception {
        var config = new DynamicProgrammingConfig(0.99, 1e-12);
        ValueIteration full = new ValueIteration(Envs.make("Taxi-v4", Map.of()), config);
        full.learn(40, Callback.NONE);
        ValueIteration first = new ValueIteration(Envs.make("Taxi-v4"), config);
        first.learn(15, Callback.NONE);
        var out = new dev.reins.core.checkpoint.CheckpointWriter();
        first.save(out, "");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("vi", ".ckpt");
        out.writeTo(file);
        ValueIteration resumed = new ValueIteration(Envs.make("Taxi-v4"), config);
        resumed.load(dev.reins.core.checkpoint.CheckpointReader.read(file), "");
        resumed.learn(40, Callback.NONE);
        assertArrayEquals(full.values(), resumed.values());
        assertEquals(full.stepsDone(), resumed.stepsDone());
    }
}
