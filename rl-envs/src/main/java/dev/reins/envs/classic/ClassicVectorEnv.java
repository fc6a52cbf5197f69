package dev.reins.envs.classic;

import dev.reins.core.random.Rng;
import dev.reins.core.space.Box;
import dev.reins.core.space.Space;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.VectorEnv;
import java.util.Map;

/**
 * N copies of a classic-control env stepped in one loop over a packed {@code double[N × stateDim]} state, writing
 * observations straight into the flat {@code float[N × obsDim]} buffer: no env objects, no per-step allocation. It
 * behaves exactly like a {@code SyncVectorEnv} over {@code Envs.make(id)} copies (same seeds, same time limit, same
 * autoreset), only faster.
 *
 * <pre>{@code
 * VectorEnv<Integer> envs = VectorEnvs.make("CartPole-v1", 8, AutoresetMode.NEXT_STEP, Map.of());
 * }</pre>
 */
public final class ClassicVectorEnv<A> implements VectorEnv<A> {
    private final ClassicDynamics<A> dynamics;
    private final int n;
    private final int stateDim;
    private final int obsDim;
    private final int maxEpisodeSteps;
    private final AutoresetMode mode;
    private final double[] states;
    private final Rng[] rngs;
    private final int[] elapsed;
    private final boolean[] needsReset;
    private final float[] observations;
    private final float[] finalObservations;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final boolean[] resetThisStep;
    private boolean wasReset;

    /**
     * @param dynamics the physics (owned by this vector env from now on)
     * @param maxEpisodeSteps time limit, or {@code Integer.MAX_VALUE} for none
     */
    public ClassicVectorEnv(ClassicDynamics<A> dynamics, int numEnvs, int maxEpisodeSteps, AutoresetMode mode) {
        if (numEnvs <= 0 || maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException("vector env of " + dynamics.id() + " needs numEnvs > 0 and maxEpisodeSteps > 0, got "
                    + numEnvs + ", " + maxEpisodeSteps);
        }
        this.dynamics = dynamics;
        this.n = numEnvs;
        this.stateDim = dynamics.stateDim();
        this.obsDim = dynamics.observationSpace().dim();
        this.maxEpisodeSteps = maxEpisodeSteps;
        this.mode = mode;
        states = new double[n * stateDim];
        rngs = new Rng[n];
        elapsed = new int[n];
        needsReset = new boolean[n];
        observations = new float[n * obsDim];
        finalObservations = new float[n * obsDim];
        rewards = new double[n];
        terminated = new boolean[n];
        truncated = new boolean[n];
        resetThisStep = new boolean[n];
    }

    @Override
    public int numEnvs() {
        return n;
    }

    @Override
    public int observationDim() {
        return obsDim;
    }

    @Override
    public Box singleObservationSpace() {
        return dynamics.observationSpace();
    }

    @Override
    public Space<A> singleActionSpace() {
        return dynamics.actionSpace();
    }

    @Override
    public AutoresetMode autoresetMode() {
        return mode;
    }

    @Override
    public void reset(long seed) {
        for (int i = 0; i < n; i++) {
            rngs[i] = new Rng(seed + i);
            resetOne(i);
            rewards[i] = 0;
            terminated[i] = false;
            truncated[i] = false;
            resetThisStep[i] = false;
        }
        wasReset = true;
    }

    private void resetOne(int i) {
        dynamics.reset(rngs[i], states, i * stateDim);
        dynamics.observe(states, i * stateDim, observations, i * obsDim);
        elapsed[i] = 0;
        needsReset[i] = false;
    }

    @Override
    public void step(A[] actions) {
        if (!wasReset) {
            throw new IllegalStateException("vector env of " + dynamics.id() + ": step() called before reset(seed)");
        }
        if (actions.length != n) {
            throw new IllegalArgumentException("vector env of " + dynamics.id() + " has " + n + " envs but got " + actions.length
                    + " actions");
        }
        for (int i = 0; i < n; i++) {
            if (mode == AutoresetMode.NEXT_STEP && needsReset[i]) {
                resetOne(i);
                rewards[i] = 0;
                terminated[i] = false;
                truncated[i] = false;
                resetThisStep[i] = true;
                continue;
            }
            A action = actions[i];
            if (!validAction(action)) {
                throw new IllegalArgumentException(dynamics.id() + ": action " + Space.describeValue(action) + " of env " + i
                        + " is not in the action space " + dynamics.actionSpace());
            }
            int s = i * stateDim;
            rewards[i] = dynamics.step(states, s, action, rngs[i]);
            terminated[i] = dynamics.terminated(states, s);
            truncated[i] = ++elapsed[i] >= maxEpisodeSteps;
            resetThisStep[i] = false;
            boolean done = terminated[i] || truncated[i];
            if (done && mode == AutoresetMode.SAME_STEP) {
                dynamics.observe(states, s, finalObservations, i * obsDim);
                resetOne(i);
            } else {
                dynamics.observe(states, s, observations, i * obsDim);
                needsReset[i] = done;
            }
        }
    }

    private boolean validAction(A action) {
        if (action instanceof float[] f) {
            if (f.length != obsDimOfActions()) {
                return false;
            }
            for (float v : f) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
            return true; // out-of-range values are clipped by the dynamics, as in Gymnasium
        }
        return dynamics.actionSpace().contains(action);
    }

    private int obsDimOfActions() {
        return ((Box) dynamics.actionSpace()).dim();
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
    public Map<String, Object> info(int i) {
        return Map.of();
    }

    @Override
    public void close() {}
}
