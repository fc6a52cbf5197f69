package dev.reins.core.vector.wrappers;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.space.Box;
import dev.reins.core.stats.RunningMeanStd;
import dev.reins.core.vector.VectorEnv;

/**
 * Normalizes observations with running statistics shared by all envs, as SB3's {@code VecNormalize}: each reset or
 * step first adds the batch of raw observations to the statistics, then returns {@code (x − mean) / √(var + ε)}
 * clipped to ±clip. Final observations of ended episodes are normalized with the same statistics (without updating
 * them). The statistics are checkpointed; a policy evaluated on raw observations applies {@link #normalize} with
 * them frozen.
 *
 * <pre>{@code
 * var envs = new NormalizeVectorObservation<>(VectorEnvs.make("MountainCar-v0", 16, AutoresetMode.SAME_STEP), 1e-8, 10);
 * }</pre>
 *
 * @param <A> action type of one env
 */
public final class NormalizeVectorObservation<A> extends VectorEnvWrapper<A> {
    private final RunningMeanStd stats;
    private final double epsilon;
    private final double clip;
    private final int dim;
    private final float[] normalized;
    private final float[] normalizedFinal;
    private final Box space;
    private boolean updating = true;

    /**
     * @param epsilon added to the variance under the square root (SB3: 1e-8)
     * @param clip normalized values are clipped to ±clip (SB3: 10); {@code Double.POSITIVE_INFINITY} disables
     */
    public NormalizeVectorObservation(VectorEnv<A> env, double epsilon, double clip) {
        super(env);
        if (!(epsilon > 0) || !(clip > 0)) {
            throw new IllegalArgumentException("NormalizeVectorObservation needs epsilon > 0 and clip > 0, got epsilon=" + epsilon
                    + ", clip=" + clip);
        }
        this.dim = env.observationDim();
        this.stats = new RunningMeanStd(dim);
        this.epsilon = epsilon;
        this.clip = clip;
        this.normalized = new float[env.numEnvs() * dim];
        this.normalizedFinal = new float[env.numEnvs() * dim];
        float c = (float) Math.min(clip, Float.MAX_VALUE);
        this.space = Double.isInfinite(clip) ? Box.uniform(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, dim)
                : Box.uniform(-c, c, dim);
    }

    /** Whether resets and steps add to the statistics (turn off to evaluate). */
    public void setUpdating(boolean updating) {
        this.updating = updating;
    }

    /** The running statistics. */
    public RunningMeanStd statistics() {
        return stats;
    }

    @Override
    public Box singleObservationSpace() {
        return space;
    }

    @Override
    public void reset(long seed) {
        env.reset(seed);
        refresh();
    }

    @Override
    public void step(A[] actions) {
        env.step(actions);
        refresh();
    }

    private void refresh() {
        float[] raw = env.observations();
        if (updating) {
            stats.updateBatch(raw, env.numEnvs());
        }
        for (int r = 0; r < env.numEnvs(); r++) {
            normalize(raw, r * dim, normalized, r * dim);
        }
        boolean[] terminated = env.terminated();
        boolean[] truncated = env.truncated();
        float[] finals = env.finalObservations();
        for (int r = 0; r < env.numEnvs(); r++) {
            if (finals != null && (terminated[r] || truncated[r])) {
                normalize(finals, r * dim, normalizedFinal, r * dim);
            }
        }
    }

    /** Normalizes one raw observation {@code raw[from ..]} into {@code out[to ..]} with the current statistics. */
    public void normalize(float[] raw, int from, float[] out, int to) {
        for (int j = 0; j < dim; j++) {
            double z = (raw[from + j] - stats.mean(j)) / Math.sqrt(stats.variance(j) + epsilon);
            out[to + j] = (float) Math.max(-clip, Math.min(clip, z));
        }
    }

    @Override
    public float[] observations() {
        return normalized;
    }

    @Override
    public float[] finalObservations() {
        return normalizedFinal;
    }

    @Override
    protected void saveWrapperState(CheckpointWriter out, String prefix) {
        stats.save(out, prefix + "obs_rms.");
        out.putFloats(prefix + "normalized_observations", normalized);
        out.putFloats(prefix + "normalized_final_observations", normalizedFinal);
    }

    @Override
    protected void loadWrapperState(CheckpointReader in, String prefix) {
        stats.load(in, prefix + "obs_rms.");
        System.arraycopy(in.floats(prefix + "normalized_observations", normalized.length), 0, normalized, 0, normalized.length);
        System.arraycopy(in.floats(prefix + "normalized_final_observations", normalizedFinal.length), 0, normalizedFinal, 0,
                normalizedFinal.length);
    }
}
