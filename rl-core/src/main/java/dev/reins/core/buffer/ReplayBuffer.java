package dev.reins.core.buffer;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A fixed-capacity FIFO of transitions in flat primitive arrays; when full, the oldest transition is overwritten.
 * Discrete actions are stored as a single float (exact for indices below 2^24).
 *
 * <p>Store a truncated transition with its final observation as {@code nextObservation} and {@code terminated =
 * false}: its target then bootstraps, as it should.
 *
 * <pre>{@code
 * ReplayBuffer buffer = new ReplayBuffer(100_000, 4, 1);
 * buffer.add(obs, new float[] {action}, reward, nextObs, terminated, 0.99f);
 * ReplayBatch batch = new ReplayBatch(64, 4, 1);
 * buffer.sample(rng, batch);
 * }</pre>
 */
public class ReplayBuffer implements Checkpointable {
    protected final int capacity;
    protected final int obsDim;
    protected final int actionDim;
    private final float[] observations;
    private final float[] actions;
    private final float[] rewards;
    private final float[] nextObservations;
    private final boolean[] terminated;
    private final float[] discounts;
    private int next;
    private int size;

    public ReplayBuffer(int capacity, int obsDim, int actionDim) {
        if (capacity <= 0 || obsDim <= 0 || actionDim <= 0) {
            throw new IllegalArgumentException("replay buffer needs capacity, obsDim and actionDim > 0, got capacity="
                    + capacity + ", obsDim=" + obsDim + ", actionDim=" + actionDim);
        }
        this.capacity = capacity;
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        observations = new float[Math.multiplyExact(capacity, obsDim)];
        actions = new float[Math.multiplyExact(capacity, actionDim)];
        rewards = new float[capacity];
        nextObservations = new float[Math.multiplyExact(capacity, obsDim)];
        terminated = new boolean[capacity];
        discounts = new float[capacity];
    }

    public int capacity() {
        return capacity;
    }

    /** The number of stored transitions (at most the capacity). */
    public int size() {
        return size;
    }

    /** Stores a transition and returns the slot it went to. */
    public int add(float[] obs, float[] action, double reward, float[] nextObs, boolean isTerminated, float discount) {
        if (obs.length != obsDim || nextObs.length != obsDim || action.length != actionDim) {
            throw new IllegalArgumentException("transition shapes: obs " + obs.length + ", action " + action.length + ", nextObs "
                    + nextObs.length + "; buffer expects obs " + obsDim + ", action " + actionDim);
        }
        return add(obs, 0, action, 0, reward, nextObs, 0, isTerminated, discount);
    }

    /** Stores a transition read from flat arrays at the given offsets (e.g. row i of a vector env's buffers). */
    public int add(float[] obs, int obsOffset, float[] action, int actionOffset, double reward, float[] nextObs,
            int nextObsOffset, boolean isTerminated, float discount) {
        int slot = next;
        System.arraycopy(obs, obsOffset, observations, slot * obsDim, obsDim);
        System.arraycopy(action, actionOffset, actions, slot * actionDim, actionDim);
        System.arraycopy(nextObs, nextObsOffset, nextObservations, slot * obsDim, obsDim);
        rewards[slot] = (float) reward;
        terminated[slot] = isTerminated;
        discounts[slot] = discount;
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
        onAdd(slot);
        return slot;
    }

    /** Hook for subclasses (priorities). */
    protected void onAdd(int slot) {}

    /** Fills {@code batch} with uniformly drawn transitions (with replacement). */
    public void sample(RandomGenerator rng, ReplayBatch batch) {
        requireSamplable(batch);
        for (int b = 0; b < batch.size; b++) {
            copyRow(rng.nextInt(size), b, batch);
            batch.weights[b] = 1f;
        }
    }

    protected void requireSamplable(ReplayBatch batch) {
        if (size == 0) {
            throw new IllegalStateException("cannot sample from an empty replay buffer");
        }
        if (batch.obsDim != obsDim || batch.actionDim != actionDim) {
            throw new IllegalArgumentException("batch shapes obs " + batch.obsDim + ", action " + batch.actionDim
                    + " do not match the buffer's obs " + obsDim + ", action " + actionDim);
        }
    }

    protected final void copyRow(int slot, int b, ReplayBatch batch) {
        System.arraycopy(observations, slot * obsDim, batch.observations, b * obsDim, obsDim);
        System.arraycopy(actions, slot * actionDim, batch.actions, b * actionDim, actionDim);
        System.arraycopy(nextObservations, slot * obsDim, batch.nextObservations, b * obsDim, obsDim);
        batch.rewards[b] = rewards[slot];
        batch.terminated[b] = terminated[slot] ? 1f : 0f;
        batch.discounts[b] = discounts[slot];
        batch.indices[b] = slot;
    }

    /** The reward stored in {@code slot} (for tests and diagnostics). */
    public float reward(int slot) {
        return rewards[slot];
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putInts(prefix + "cursor", new int[] {next, size});
        out.putFloats(prefix + "observations", Arrays.copyOf(observations, size * obsDim));
        out.putFloats(prefix + "actions", Arrays.copyOf(actions, size * actionDim));
        out.putFloats(prefix + "rewards", Arrays.copyOf(rewards, size));
        out.putFloats(prefix + "next_observations", Arrays.copyOf(nextObservations, size * obsDim));
        int[] term = new int[size];
        for (int i = 0; i < size; i++) {
            term[i] = terminated[i] ? 1 : 0;
        }
        out.putInts(prefix + "terminated", term);
        out.putFloats(prefix + "discounts", Arrays.copyOf(discounts, size));
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        int[] cursor = in.ints(prefix + "cursor", 2);
        if (cursor[1] > capacity) {
            throw new dev.reins.core.checkpoint.CheckpointException("replay buffer in checkpoint holds " + cursor[1]
                    + " transitions, more than this buffer's capacity " + capacity);
        }
        next = cursor[0];
        size = cursor[1];
        System.arraycopy(in.floats(prefix + "observations", size * obsDim), 0, observations, 0, size * obsDim);
        System.arraycopy(in.floats(prefix + "actions", size * actionDim), 0, actions, 0, size * actionDim);
        System.arraycopy(in.floats(prefix + "rewards", size), 0, rewards, 0, size);
        System.arraycopy(in.floats(prefix + "next_observations", size * obsDim), 0, nextObservations, 0, size * obsDim);
        int[] term = in.ints(prefix + "terminated", size);
        for (int i = 0; i < size; i++) {
            terminated[i] = term[i] != 0;
        }
        System.arraycopy(in.floats(prefix + "discounts", size), 0, discounts, 0, size);
    }
}
