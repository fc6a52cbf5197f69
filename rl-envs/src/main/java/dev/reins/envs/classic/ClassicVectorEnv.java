package dev.reins.envs.classic;

import dev.reins.core.random.Rng;
import dev.reins.core.space.Space;
import dev.reins.core.vector.AbstractVectorEnv;
import dev.reins.core.vector.AutoresetMode;

/**
 * N copies of a classic-control env stepped in one loop over a packed {@code double[N × stateDim]} state, writing
 * observations straight into the flat {@code float[N × obsDim]} buffer: no env objects, no per-step allocation. The
 * autoreset logic is {@link AbstractVectorEnv}'s, so it behaves exactly like a {@code SyncVectorEnv} over
 * {@code Envs.make(id)} copies (same seeds, same time limit), only faster.
 *
 * <pre>{@code
 * VectorEnv<Integer> envs = VectorEnvs.make("CartPole-v1", 8, AutoresetMode.NEXT_STEP, Map.of());
 * }</pre>
 */
public final class ClassicVectorEnv<A> extends AbstractVectorEnv<A> {
    private final ClassicDynamics<A> dynamics;
    private final int stateDim;
    private final int maxEpisodeSteps;
    private final double[] states;
    private final Rng[] rngs;
    private final int[] elapsed;

    /**
     * @param dynamics the physics (owned by this vector env from now on)
     * @param maxEpisodeSteps time limit, or {@code Integer.MAX_VALUE} for none
     */
    public ClassicVectorEnv(ClassicDynamics<A> dynamics, int numEnvs, int maxEpisodeSteps, AutoresetMode mode) {
        super(dynamics.id(), numEnvs, dynamics.observationSpace(), dynamics.actionSpace(), mode);
        if (maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException("vector env of " + dynamics.id() + " needs maxEpisodeSteps > 0, got " + maxEpisodeSteps);
        }
        this.dynamics = dynamics;
        this.stateDim = dynamics.stateDim();
        this.maxEpisodeSteps = maxEpisodeSteps;
        states = new double[numEnvs * stateDim];
        rngs = new Rng[numEnvs];
        elapsed = new int[numEnvs];
    }

    @Override
    protected void resetEnv(int i, boolean seeded, long seed, float[] obs, int offset) {
        if (seeded) {
            rngs[i] = new Rng(seed);
        }
        dynamics.reset(rngs[i], states, i * stateDim);
        dynamics.observe(states, i * stateDim, obs, offset);
        elapsed[i] = 0;
    }

    @Override
    protected void stepEnv(int i, A action, float[] obs, int offset) {
        if (!dynamics.accepts(action)) {
            throw new IllegalArgumentException(dynamics.id() + ": action " + Space.describeValue(action) + " of env " + i
                    + " is not in the action space " + dynamics.actionSpace());
        }
        int s = i * stateDim;
        rewards[i] = dynamics.step(states, s, action, rngs[i]);
        terminated[i] = dynamics.terminated(states, s);
        truncated[i] = ++elapsed[i] >= maxEpisodeSteps;
        dynamics.observe(states, s, obs, offset);
    }

    @Override
    protected void saveEnvs(dev.reins.core.checkpoint.CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "states", states);
        out.putInts(prefix + "elapsed", elapsed);
        long[] rngStates = new long[4 * rngs.length];
        for (int i = 0; i < rngs.length; i++) {
            if (rngs[i] != null) {
                System.arraycopy(rngs[i].state(), 0, rngStates, 4 * i, 4);
            }
        }
        out.putLongs(prefix + "rngs", rngStates);
    }

    @Override
    protected void loadEnvs(dev.reins.core.checkpoint.CheckpointReader in, String prefix) {
        System.arraycopy(in.doubles(prefix + "states", states.length), 0, states, 0, states.length);
        System.arraycopy(in.ints(prefix + "elapsed", elapsed.length), 0, elapsed, 0, elapsed.length);
        long[] rngStates = in.longs(prefix + "rngs", 4 * rngs.length);
        for (int i = 0; i < rngs.length; i++) {
            long[] one = java.util.Arrays.copyOfRange(rngStates, 4 * i, 4 * i + 4);
            rngs[i] = (one[0] | one[1] | one[2] | one[3]) == 0 ? null : Rng.fromState(one);
        }
    }

    @Override
    public void close() {}
}
