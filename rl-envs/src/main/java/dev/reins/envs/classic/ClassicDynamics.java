package dev.reins.envs.classic;

import dev.reins.core.space.Box;
import dev.reins.core.space.Space;
import java.util.random.RandomGenerator;

/**
 * The physics of one classic-control env, stateless: states live in caller-owned {@code double[]} slices so the same
 * code steps a single env, N envs packed in one array, or a planner's copies.
 *
 * @param <A> action type ({@code Integer} or {@code float[]})
 */
public interface ClassicDynamics<A> {

    /** The registered id, for messages. */
    String id();

    /** Length of the internal (float64) state. */
    int stateDim();

    Box observationSpace();

    Space<A> actionSpace();

    /** Draws a start state into {@code state[offset ..]}. */
    void reset(RandomGenerator rng, double[] state, int offset);

    /**
     * Advances {@code state[offset ..]} in place by one step with a valid action; returns the reward.
     * {@code rng} is only used by envs with stochastic dynamics.
     */
    double step(double[] state, int offset, A action, RandomGenerator rng);

    /** Whether the state is terminal (termination, not truncation). */
    boolean terminated(double[] state, int offset);

    /**
     * Whether {@code action} may be applied. Discrete actions must be in the space; continuous ones need the right
     * length and finite values, and out-of-range values are clipped by the dynamics as Gymnasium's Pendulum and
     * MountainCarContinuous clip them (NaN is rejected: Gymnasium would let it into the state, hiding a bug upstream).
     */
    default boolean accepts(A action) {
        if (action instanceof float[] f && actionSpace() instanceof Box box) {
            if (f.length != box.dim()) {
                return false;
            }
            for (float v : f) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
            return true;
        }
        return actionSpace().contains(action);
    }

    /** Writes the float32 observation of the state into {@code obs[obsOffset ..]}. */
    void observe(double[] state, int offset, float[] obs, int obsOffset);
}
