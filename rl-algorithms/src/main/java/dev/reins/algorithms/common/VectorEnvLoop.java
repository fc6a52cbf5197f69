package dev.reins.algorithms.common;

import dev.reins.core.callback.Callback;
import dev.reins.core.callback.EpisodeTracker;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.random.SplitMix;
import dev.reins.core.vector.VectorEnv;
import dev.reins.core.vector.wrappers.VectorEnvWrapper;

/**
 * What every vectorized trainer keeps about its envs: the vector env, a copy of the current observations (the env's
 * buffer is overwritten by the next step), each env's running episode, and the env-step counter; all checkpointed
 * together so that a resumed run continues exactly where it stopped.
 *
 * <pre>{@code
 * VectorEnvLoop<Integer> loop = new VectorEnvLoop<>(envs, seed);
 * loop.start();                                   // resets the envs once (with the seed's env stream)
 * float[] obs = loop.observations();              // act on these
 * loop.envs().step(actions);
 * // ... store the transition, using loop.observations() as s and envs' buffers as s' ...
 * loop.recordStep(ctx, callback);                 // episodes, s ← s', steps += numEnvs
 * // ... train if it is time ...
 * callback.onStep(ctx);                           // where a checkpoint may be taken: the state is consistent here
 * }</pre>
 *
 * @param <A> the action type of one env
 */
public final class VectorEnvLoop<A> implements Checkpointable {
    private final VectorEnv<A> envs;
    private final long seed;
    private final int numEnvs;
    private final int obsDim;
    private final float[] observations;
    private final EpisodeTracker episodes;
    private long steps;
    private long vectorSteps;
    private boolean started;

    public VectorEnvLoop(VectorEnv<A> envs, long seed) {
        this.envs = envs;
        this.seed = seed;
        this.numEnvs = envs.numEnvs();
        this.obsDim = envs.observationDim();
        this.observations = new float[numEnvs * obsDim];
        this.episodes = new EpisodeTracker(numEnvs);
    }

    public VectorEnv<A> envs() {
        return envs;
    }

    public int numEnvs() {
        return numEnvs;
    }

    public int obsDim() {
        return obsDim;
    }

    /** The observations the next actions are chosen for, row-major {@code [numEnvs × obsDim]}. */
    public float[] observations() {
        return observations;
    }

    /** Env steps taken (vector steps × numEnvs). */
    public long steps() {
        return steps;
    }

    /** Vector steps taken. */
    public long vectorSteps() {
        return vectorSteps;
    }

    /** Resets the envs with the seed's env stream the first time; later calls (and resumed runs) do nothing. */
    public void start() {
        if (!started) {
            restart(SplitMix.derive(seed, 0));
            started = true;
        }
    }

    /**
     * Resets every env now with {@code resetSeed}, abandoning their running episodes (for trainers that collect
     * whole episodes per update, such as REINFORCE).
     */
    public void restart(long resetSeed) {
        envs.reset(resetSeed);
        System.arraycopy(envs.observations(), 0, observations, 0, observations.length);
        episodes.clear();
    }

    /**
     * After {@code envs().step(...)}: reports finished episodes, makes the envs' observations current and counts the
     * step. The trainer calls {@link Callback#onStep} itself once its own state is consistent (a checkpoint may be
     * taken there).
     */
    public void recordStep(TrainingContext ctx, Callback callback) {
        double[] rewards = VectorEnvWrapper.unwrap(envs).rewards(); // raw rewards, also under reward normalization
        recordRemoteStep(rewards, envs.terminated(), envs.truncated(), ctx, callback);
        System.arraycopy(envs.observations(), 0, observations, 0, observations.length);
    }

    /**
     * Records a vector step that rollout workers took with their own envs: reports finished episodes and counts the
     * step, as {@link #recordStep} does; {@link #setObservations} then makes the workers' last observations current.
     */
    public void recordRemoteStep(double[] rawRewards, boolean[] terminated, boolean[] truncated, TrainingContext ctx,
            Callback callback) {
        for (int i = 0; i < numEnvs; i++) {
            episodes.record(i, rawRewards[i], terminated[i] || truncated[i], ctx, callback);
        }
        steps += numEnvs;
        vectorSteps++;
        ctx.setStep(steps);
    }

    /** Makes {@code current} ({@code [numEnvs × obsDim]}) the observations the next actions are chosen for. */
    public void setObservations(float[] current) {
        System.arraycopy(current, 0, observations, 0, observations.length);
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putLongs(prefix + "loop_counters", new long[] {steps, vectorSteps, started ? 1 : 0});
        out.putFloats(prefix + "observations", observations);
        episodes.save(out, prefix);
        ((Checkpointable) envs).save(out, prefix + "envs.");
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        long[] c = in.longs(prefix + "loop_counters", 3);
        steps = c[0];
        vectorSteps = c[1];
        started = c[2] != 0;
        System.arraycopy(in.floats(prefix + "observations", observations.length), 0, observations, 0, observations.length);
        episodes.load(in, prefix);
        ((Checkpointable) envs).load(in, prefix + "envs.");
    }
}
