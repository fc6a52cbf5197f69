package dev.reins.core.vector;

import dev.reins.core.env.Env;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.space.Box;
import dev.reins.core.space.Space;
import java.util.List;
import java.util.Map;

/**
 * The per-env logic shared by the synchronous and threaded vector envs: each env writes only its own row and flags,
 * so any partition of envs across threads produces the same buffers.
 */
abstract class AbstractVectorEnv<A> implements VectorEnv<A> {
    protected final List<Env<float[], A>> envs;
    private final AutoresetMode mode;
    private final int n;
    private final int dim;
    private final Box observationSpace;
    private final float[] observations;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final boolean[] resetThisStep;
    private final boolean[] needsReset;
    private final float[] finalObservations;
    private final Object[] infos;
    private boolean wasReset;

    AbstractVectorEnv(List<Env<float[], A>> envs, AutoresetMode mode) {
        if (envs.isEmpty()) {
            throw new IllegalArgumentException("a vector env needs at least one env");
        }
        Space<float[]> space = envs.get(0).observationSpace();
        if (!(space instanceof Box box)) {
            throw new IllegalArgumentException("vector envs need Box observations; " + envs.get(0).name() + " has " + space);
        }
        for (Env<float[], A> e : envs) {
            if (!e.observationSpace().equals(space) || !e.actionSpace().equals(envs.get(0).actionSpace())) {
                throw new IllegalArgumentException("all envs of a vector env must share spaces; " + e.name() + " has "
                        + e.observationSpace() + " / " + e.actionSpace());
            }
        }
        this.envs = List.copyOf(envs);
        this.mode = mode;
        this.n = envs.size();
        this.dim = box.dim();
        this.observationSpace = box;
        observations = new float[n * dim];
        rewards = new double[n];
        terminated = new boolean[n];
        truncated = new boolean[n];
        resetThisStep = new boolean[n];
        needsReset = new boolean[n];
        finalObservations = new float[n * dim];
        infos = new Object[n];
    }

    @Override
    public int numEnvs() {
        return n;
    }

    @Override
    public int observationDim() {
        return dim;
    }

    @Override
    public Box singleObservationSpace() {
        return observationSpace;
    }

    @Override
    public Space<A> singleActionSpace() {
        return envs.get(0).actionSpace();
    }

    @Override
    public AutoresetMode autoresetMode() {
        return mode;
    }

    @Override
    public void reset(long seed) {
        resetRange(0, n, seed);
        wasReset = true;
    }

    @Override
    public void step(A[] actions) {
        if (!wasReset) {
            throw new IllegalStateException("vector env of " + envs.get(0).name() + ": step() called before reset(seed)");
        }
        if (actions.length != n) {
            throw new IllegalArgumentException("vector env of " + envs.get(0).name() + " has " + n + " envs but got "
                    + actions.length + " actions");
        }
        stepAll(actions);
    }

    /** Steps all envs; subclasses decide how the range is split. */
    protected abstract void stepAll(A[] actions);

    protected final void resetRange(int from, int to, long seed) {
        for (int i = from; i < to; i++) {
            ResetResult<float[]> r = envs.get(i).reset(seed + i);
            write(i, r.observation(), observations);
            infos[i] = r.info();
            rewards[i] = 0;
            terminated[i] = false;
            truncated[i] = false;
            resetThisStep[i] = false;
            needsReset[i] = false;
        }
    }

    protected final void stepRange(int from, int to, A[] actions) {
        for (int i = from; i < to; i++) {
            Env<float[], A> env = envs.get(i);
            if (mode == AutoresetMode.NEXT_STEP && needsReset[i]) {
                ResetResult<float[]> r = env.reset();
                write(i, r.observation(), observations);
                infos[i] = r.info();
                rewards[i] = 0;
                terminated[i] = false;
                truncated[i] = false;
                resetThisStep[i] = true;
                needsReset[i] = false;
                continue;
            }
            StepResult<float[]> r = env.step(actions[i]);
            rewards[i] = r.reward();
            terminated[i] = r.terminated();
            truncated[i] = r.truncated();
            resetThisStep[i] = false;
            infos[i] = r.info();
            if (!r.done()) {
                write(i, r.observation(), observations);
            } else if (mode == AutoresetMode.NEXT_STEP) {
                write(i, r.observation(), observations);
                needsReset[i] = true;
            } else {
                write(i, r.observation(), finalObservations);
                write(i, env.reset().observation(), observations);
            }
        }
    }

    private void write(int i, float[] obs, float[] target) {
        System.arraycopy(obs, 0, target, i * dim, dim);
    }

    @Override
    public float[] observations() {
        return observations;
    }

    @Override
    public double[] rewards() {
        return rewards;
    }

    @Override
    public boolean[] terminated() {
        return terminated;
    }

    @Override
    public boolean[] truncated() {
        return truncated;
    }

    @Override
    public boolean[] resetThisStep() {
        return resetThisStep;
    }

    @Override
    public float[] finalObservations() {
        return finalObservations;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> info(int i) {
        return infos[i] == null ? Map.of() : (Map<String, Object>) infos[i];
    }

    @Override
    public void close() {
        envs.forEach(Env::close);
    }
}
