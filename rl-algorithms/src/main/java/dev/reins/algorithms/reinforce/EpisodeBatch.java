package dev.reins.algorithms.reinforce;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import java.util.Arrays;

/**
 * Complete episodes laid end to end, plus each env's episode in progress: what REINFORCE learns from. A transition
 * joins the batch only once its episode has ended, so every stored return is a full Monte Carlo return.
 *
 * <pre>{@code
 * EpisodeBatch batch = new EpisodeBatch(numEnvs, obsDim, actionWidth);
 * batch.add(env, obs, obsOffset, actions, actionOffset, reward, logProb);
 * if (done) batch.endEpisode(env, terminated, bootstrapValue);
 * }</pre>
 */
final class EpisodeBatch implements Checkpointable {
    private final int obsDim;
    private final int actionWidth;
    private final Trajectory[] running;
    private final Trajectory complete;
    private int episodes;

    EpisodeBatch(int numEnvs, int obsDim, int actionWidth) {
        this.obsDim = obsDim;
        this.actionWidth = actionWidth;
        this.running = new Trajectory[numEnvs];
        for (int i = 0; i < numEnvs; i++) {
            running[i] = new Trajectory(obsDim, actionWidth);
        }
        this.complete = new Trajectory(obsDim, actionWidth);
    }

    /** Appends one step of env {@code env}'s running episode. */
    void add(int env, float[] obs, int obsRow, float[] actions, int actionRow, double reward) {
        running[env].add(obs, obsRow * obsDim, actions, actionRow * actionWidth, reward, false, false, 0);
    }

    /**
     * Ends env {@code env}'s running episode and moves it into the batch; {@code bootstrap} is the value the return
     * continues with after a truncation (0 after termination or without a baseline).
     */
    void endEpisode(int env, boolean terminated, double bootstrap) {
        Trajectory t = running[env];
        t.terminated[t.size - 1] = terminated;
        t.truncated[t.size - 1] = !terminated;
        t.nextValues[t.size - 1] = terminated ? 0 : bootstrap;
        complete.append(t);
        t.size = 0;
        episodes++;
    }

    /** Complete episodes in the batch. */
    int episodes() {
        return episodes;
    }

    /** Transitions of complete episodes. */
    Trajectory complete() {
        return complete;
    }

    /** Empties the batch and forgets the running episodes (the envs are reset for the next batch). */
    void clear() {
        complete.size = 0;
        episodes = 0;
        for (Trajectory t : running) {
            t.size = 0;
        }
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        complete.save(out, prefix + "complete.");
        for (int i = 0; i < running.length; i++) {
            running[i].save(out, prefix + "running" + i + ".");
        }
        out.putInts(prefix + "episodes", new int[] {episodes});
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        complete.load(in, prefix + "complete.");
        for (int i = 0; i < running.length; i++) {
            running[i].load(in, prefix + "running" + i + ".");
        }
        episodes = in.ints(prefix + "episodes")[0];
    }

    /** Growable columns of transitions. */
    static final class Trajectory {
        final int obsDim;
        final int actionWidth;
        int size;
        float[] observations;
        float[] actions;
        double[] rewards;
        boolean[] terminated;
        boolean[] truncated;
        double[] nextValues;

        Trajectory(int obsDim, int actionWidth) {
            this.obsDim = obsDim;
            this.actionWidth = actionWidth;
            allocate(256);
        }

        private void allocate(int capacity) {
            observations = observations == null ? new float[capacity * obsDim] : Arrays.copyOf(observations, capacity * obsDim);
            actions = actions == null ? new float[capacity * actionWidth] : Arrays.copyOf(actions, capacity * actionWidth);
            rewards = rewards == null ? new double[capacity] : Arrays.copyOf(rewards, capacity);
            terminated = terminated == null ? new boolean[capacity] : Arrays.copyOf(terminated, capacity);
            truncated = truncated == null ? new boolean[capacity] : Arrays.copyOf(truncated, capacity);
            nextValues = nextValues == null ? new double[capacity] : Arrays.copyOf(nextValues, capacity);
        }

        private void ensure(int capacity) {
            if (capacity > rewards.length) {
                allocate(Math.max(capacity, 2 * rewards.length));
            }
        }

        void add(float[] obs, int obsOffset, float[] acts, int actOffset, double reward, boolean term, boolean trunc, double next) {
            ensure(size + 1);
            System.arraycopy(obs, obsOffset, observations, size * obsDim, obsDim);
            System.arraycopy(acts, actOffset, actions, size * actionWidth, actionWidth);
            rewards[size] = reward;
            terminated[size] = term;
            truncated[size] = trunc;
            nextValues[size] = next;
            size++;
        }

        void append(Trajectory t) {
            ensure(size + t.size);
            System.arraycopy(t.observations, 0, observations, size * obsDim, t.size * obsDim);
            System.arraycopy(t.actions, 0, actions, size * actionWidth, t.size * actionWidth);
            System.arraycopy(t.rewards, 0, rewards, size, t.size);
            System.arraycopy(t.terminated, 0, terminated, size, t.size);
            System.arraycopy(t.truncated, 0, truncated, size, t.size);
            System.arraycopy(t.nextValues, 0, nextValues, size, t.size);
            size += t.size;
        }

        void save(CheckpointWriter out, String prefix) {
            out.putFloats(prefix + "observations", Arrays.copyOf(observations, size * obsDim));
            out.putFloats(prefix + "actions", Arrays.copyOf(actions, size * actionWidth));
            out.putDoubles(prefix + "rewards", Arrays.copyOf(rewards, size));
            out.putDoubles(prefix + "next_values", Arrays.copyOf(nextValues, size));
            int[] flags = new int[size];
            for (int k = 0; k < size; k++) {
                flags[k] = (terminated[k] ? 1 : 0) | (truncated[k] ? 2 : 0);
            }
            out.putInts(prefix + "flags", flags);
        }

        void load(CheckpointReader in, String prefix) {
            double[] r = in.doubles(prefix + "rewards");
            size = 0;
            ensure(r.length);
            size = r.length;
            System.arraycopy(r, 0, rewards, 0, size);
            System.arraycopy(in.floats(prefix + "observations", size * obsDim), 0, observations, 0, size * obsDim);
            System.arraycopy(in.floats(prefix + "actions", size * actionWidth), 0, actions, 0, size * actionWidth);
            System.arraycopy(in.doubles(prefix + "next_values", size), 0, nextValues, 0, size);
            int[] flags = in.ints(prefix + "flags", size);
            for (int k = 0; k < size; k++) {
                terminated[k] = (flags[k] & 1) != 0;
                truncated[k] = (flags[k] & 2) != 0;
            }
        }
    }
}
