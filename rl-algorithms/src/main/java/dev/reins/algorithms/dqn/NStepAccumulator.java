package dev.reins.algorithms.dqn;

import dev.reins.core.buffer.ReplayBuffer;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import java.util.Arrays;

/**
 * Turns each env's stream of one-step transitions into n-step transitions for the replay buffer:
 * {@code (s_t, a_t, Σ_{k<m} γ^k r_{t+k}, s_{t+m}, terminated, γ^m)} with m = n, or fewer at an episode end. After a
 * termination nothing is bootstrapped; after a truncation the stored next observation is the final one, so the target
 * bootstraps from it, as {@link dev.reins.core.estimate.NStepReturns} defines. With n = 1 transitions pass straight
 * through.
 */
final class NStepAccumulator implements Checkpointable {
    private final int n;
    private final int envs;
    private final int obsDim;
    private final double gamma;
    /** Per env, a ring of the last n pending (obs, action, reward). */
    private final float[][] obs;
    private final float[][] actions;
    private final double[][] rewards;
    private final int[] start;
    private final int[] count;
    private final float[] action = new float[1];

    NStepAccumulator(int n, int envs, int obsDim, double gamma) {
        this.n = n;
        this.envs = envs;
        this.obsDim = obsDim;
        this.gamma = gamma;
        obs = new float[envs][n * obsDim];
        actions = new float[envs][n];
        rewards = new double[envs][n];
        start = new int[envs];
        count = new int[envs];
    }

    /** Adds env {@code i}'s transition; emits the n-step transitions it completes into {@code buffer}. */
    void add(int i, float[] observation, int obsOffset, float action, double reward, float[] nextObservation, int nextOffset,
            boolean terminated, boolean done, ReplayBuffer buffer) {
        int slot = (start[i] + count[i]) % n;
        System.arraycopy(observation, obsOffset, obs[i], slot * obsDim, obsDim);
        actions[i][slot] = action;
        rewards[i][slot] = reward;
        count[i]++;
        if (count[i] == n) {
            emitOldest(i, nextObservation, nextOffset, terminated, buffer);
        }
        if (done) {
            while (count[i] > 0) {
                emitOldest(i, nextObservation, nextOffset, terminated, buffer);
            }
            start[i] = 0;
        }
    }

    private void emitOldest(int i, float[] nextObservation, int nextOffset, boolean terminated, ReplayBuffer buffer) {
        double ret = 0;
        double discount = 1;
        for (int k = 0; k < count[i]; k++) {
            ret += discount * rewards[i][(start[i] + k) % n];
            discount *= gamma;
        }
        int s = start[i];
        action[0] = actions[i][s];
        buffer.add(obs[i], s * obsDim, action, 0, ret, nextObservation, nextOffset, terminated, (float) discount);
        start[i] = (start[i] + 1) % n;
        count[i]--;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        float[] o = new float[envs * n * obsDim];
        float[] a = new float[envs * n];
        double[] r = new double[envs * n];
        for (int i = 0; i < envs; i++) {
            System.arraycopy(obs[i], 0, o, i * n * obsDim, n * obsDim);
            System.arraycopy(actions[i], 0, a, i * n, n);
            System.arraycopy(rewards[i], 0, r, i * n, n);
        }
        out.putFloats(prefix + "nstep_obs", o);
        out.putFloats(prefix + "nstep_actions", a);
        out.putDoubles(prefix + "nstep_rewards", r);
        int[] cursors = Arrays.copyOf(start, 2 * envs);
        System.arraycopy(count, 0, cursors, envs, envs);
        out.putInts(prefix + "nstep_cursors", cursors);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        float[] o = in.floats(prefix + "nstep_obs", envs * n * obsDim);
        float[] a = in.floats(prefix + "nstep_actions", envs * n);
        double[] r = in.doubles(prefix + "nstep_rewards", envs * n);
        int[] cursors = in.ints(prefix + "nstep_cursors", 2 * envs);
        for (int i = 0; i < envs; i++) {
            System.arraycopy(o, i * n * obsDim, obs[i], 0, n * obsDim);
            System.arraycopy(a, i * n, actions[i], 0, n);
            System.arraycopy(r, i * n, rewards[i], 0, n);
            start[i] = cursors[i];
            count[i] = cursors[envs + i];
        }
    }
}
