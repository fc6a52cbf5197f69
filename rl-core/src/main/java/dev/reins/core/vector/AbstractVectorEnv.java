package dev.reins.core.vector;

import dev.reins.core.space.Box;
import dev.reins.core.space.Space;
import java.util.Map;

/**
 * The buffers and the autoreset logic every vector env shares, written once so that all implementations behave
 * identically; a subclass only says how to reset and step env {@code i}. Each env writes only its own row and flags,
 * so any partition of envs across threads produces the same buffers.
 *
 * @param <A> action type of one env
 */
public abstract class AbstractVectorEnv<A> implements VectorEnv<A>, dev.reins.core.checkpoint.Checkpointable {
    private final String name;
    private final int n;
    private final int dim;
    private final Box observationSpace;
    private final Space<A> actionSpace;
    private final AutoresetMode mode;
    private final float[] observations;
    private final float[] finalObservations;
    /** Written by {@link #stepEnv}: the step's reward and flags for env i. */
    protected final double[] rewards;
    protected final boolean[] terminated;
    protected final boolean[] truncated;
    private final boolean[] resetThisStep;
    private final boolean[] needsReset;
    private boolean wasReset;

    protected AbstractVectorEnv(String name, int numEnvs, Box observationSpace, Space<A> actionSpace, AutoresetMode mode) {
        if (numEnvs <= 0) {
            throw new IllegalArgumentException("vector env of " + name + " needs numEnvs > 0, got " + numEnvs);
        }
        this.name = name;
        this.n = numEnvs;
        this.dim = observationSpace.dim();
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.mode = mode;
        observations = new float[n * dim];
        finalObservations = new float[n * dim];
        rewards = new double[n];
        terminated = new boolean[n];
        truncated = new boolean[n];
        resetThisStep = new boolean[n];
        needsReset = new boolean[n];
    }

    /** Resets env {@code i} (seeded with {@code seed} when {@code seeded}, else continuing its stream) and writes its
     * first observation at {@code obs[offset ..]}. */
    protected abstract void resetEnv(int i, boolean seeded, long seed, float[] obs, int offset);

    /** Steps env {@code i}: writes the observation at {@code obs[offset ..]} and sets {@code rewards[i]},
     * {@code terminated[i]} and {@code truncated[i]}. */
    protected abstract void stepEnv(int i, A action, float[] obs, int offset);

    /** Steps all envs; the default steps them in order on this thread. */
    protected void stepAll(A[] actions) {
        stepRange(0, n, actions);
    }

    @Override
    public final void reset(long seed) {
        for (int i = 0; i < n; i++) {
            resetEnv(i, true, seed + i, observations, i * dim);
            clearStep(i);
        }
        wasReset = true;
    }

    @Override
    public final void step(A[] actions) {
        if (!wasReset) {
            throw new IllegalStateException("vector env of " + name + ": step() called before reset(seed)");
        }
        if (actions.length != n) {
            throw new IllegalArgumentException("vector env of " + name + " has " + n + " envs but got " + actions.length + " actions");
        }
        stepAll(actions);
    }

    private void clearStep(int i) {
        rewards[i] = 0;
        terminated[i] = false;
        truncated[i] = false;
        resetThisStep[i] = false;
        needsReset[i] = false;
    }

    /** The autoreset logic for envs {@code from .. to−1}. */
    protected final void stepRange(int from, int to, A[] actions) {
        for (int i = from; i < to; i++) {
            int offset = i * dim;
            if (mode == AutoresetMode.NEXT_STEP && needsReset[i]) {
                resetEnv(i, false, 0, observations, offset);
                clearStep(i);
                resetThisStep[i] = true;
                continue;
            }
            resetThisStep[i] = false;
            if (mode == AutoresetMode.SAME_STEP) {
                stepEnv(i, actions[i], finalObservations, offset);
                if (terminated[i] || truncated[i]) {
                    resetEnv(i, false, 0, observations, offset);
                } else {
                    System.arraycopy(finalObservations, offset, observations, offset, dim);
                }
            } else {
                stepEnv(i, actions[i], observations, offset);
                needsReset[i] = terminated[i] || truncated[i];
            }
        }
    }

    @Override
    public final int numEnvs() {
        return n;
    }

    @Override
    public final int observationDim() {
        return dim;
    }

    @Override
    public final Box singleObservationSpace() {
        return observationSpace;
    }

    @Override
    public final Space<A> singleActionSpace() {
        return actionSpace;
    }

    @Override
    public final AutoresetMode autoresetMode() {
        return mode;
    }

    @Override
    public final float[] observations() {
        return observations;
    }

    @Override
    public final double[] rewards() {
        return rewards;
    }

    @Override
    public final boolean[] terminated() {
        return terminated;
    }

    @Override
    public final boolean[] truncated() {
        return truncated;
    }

    @Override
    public final boolean[] resetThisStep() {
        return resetThisStep;
    }

    @Override
    public final float[] finalObservations() {
        return finalObservations;
    }

    @Override
    public Map<String, Object> info(int i) {
        return Map.of();
    }

    /** Saves the buffers and autoreset flags, then the subclass's env state. */
    @Override
    public final void save(dev.reins.core.checkpoint.CheckpointWriter out, String prefix) {
        out.putFloats(prefix + "observations", observations);
        out.putFloats(prefix + "final_observations", finalObservations);
        out.putDoubles(prefix + "rewards", rewards);
        int[] flags = new int[4 * n + 1];
        for (int i = 0; i < n; i++) {
            flags[i] = terminated[i] ? 1 : 0;
            flags[n + i] = truncated[i] ? 1 : 0;
            flags[2 * n + i] = resetThisStep[i] ? 1 : 0;
            flags[3 * n + i] = needsReset[i] ? 1 : 0;
        }
        flags[4 * n] = wasReset ? 1 : 0;
        out.putInts(prefix + "flags", flags);
        saveEnvs(out, prefix);
    }

    @Override
    public final void load(dev.reins.core.checkpoint.CheckpointReader in, String prefix) {
        System.arraycopy(in.floats(prefix + "observations", observations.length), 0, observations, 0, observations.length);
        System.arraycopy(in.floats(prefix + "final_observations", finalObservations.length), 0, finalObservations, 0,
                finalObservations.length);
        System.arraycopy(in.doubles(prefix + "rewards", n), 0, rewards, 0, n);
        int[] flags = in.ints(prefix + "flags", 4 * n + 1);
        for (int i = 0; i < n; i++) {
            terminated[i] = flags[i] != 0;
            truncated[i] = flags[n + i] != 0;
            resetThisStep[i] = flags[2 * n + i] != 0;
            needsReset[i] = flags[3 * n + i] != 0;
        }
        wasReset = flags[4 * n] != 0;
        loadEnvs(in, prefix);
    }

    /** Saves the envs' own state (physics, generators, counters). */
    protected abstract void saveEnvs(dev.reins.core.checkpoint.CheckpointWriter out, String prefix);

    /** Restores what {@link #saveEnvs} wrote. */
    protected abstract void loadEnvs(dev.reins.core.checkpoint.CheckpointReader in, String prefix);

    /** The name used in messages. */
    protected final String name() {
        return name;
    }
}
