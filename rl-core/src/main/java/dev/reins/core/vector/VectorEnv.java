package dev.reins.core.vector;

import dev.reins.core.space.Box;
import dev.reins.core.space.Space;
import java.util.Map;

/**
 * N copies of an env with vector observations, stepped together. Results are written into buffers owned by the
 * vector env and overwritten by the next call; copy what you keep.
 *
 * <pre>{@code
 * try (VectorEnv<Integer> envs = new SyncVectorEnv<>(List.of(make(), make(), make(), make()), AutoresetMode.SAME_STEP)) {
 *     envs.reset(0L);
 *     Integer[] actions = new Integer[envs.numEnvs()];
 *     float[] obs = envs.observations();          // [numEnvs * obsDim], row i = env i
 *     // ... fill actions from a batched policy forward over obs ...
 *     envs.step(actions);
 *     double[] rewards = envs.rewards();
 * }
 * }</pre>
 *
 * @param <A> action type of one env
 */
public interface VectorEnv<A> extends AutoCloseable {

    int numEnvs();

    /** Observation length of one env. */
    int observationDim();

    Box singleObservationSpace();

    Space<A> singleActionSpace();

    AutoresetMode autoresetMode();

    /** Resets every env, env i with seed {@code seed + i} (as Gymnasium), and fills {@link #observations()}. */
    void reset(long seed);

    /** Steps every env with its action ({@code actions.length == numEnvs()}). */
    void step(A[] actions);

    /** Current observations, row-major {@code [numEnvs * observationDim]}. */
    float[] observations();

    /** Rewards of the last step. */
    double[] rewards();

    /** Whether each env's episode terminated at the last step. */
    boolean[] terminated();

    /** Whether each env's episode was truncated at the last step. */
    boolean[] truncated();

    /** {@link AutoresetMode#NEXT_STEP}: which envs were reset (not stepped) by the last step. */
    boolean[] resetThisStep();

    /**
     * {@link AutoresetMode#SAME_STEP}: the final observations of envs that ended at the last step (row i valid where
     * {@code terminated[i] || truncated[i]}), to bootstrap truncated episodes from.
     */
    float[] finalObservations();

    /** The info map env i returned at the last step or reset. */
    Map<String, Object> info(int i);

    @Override
    void close();
}
