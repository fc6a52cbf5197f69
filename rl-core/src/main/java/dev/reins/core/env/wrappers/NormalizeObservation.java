package dev.reins.core.env.wrappers;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.Env;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.env.Wrapper;
import dev.reins.core.space.Box;
import dev.reins.core.space.Space;
import dev.reins.core.stats.RunningMeanStd;

/**
 * Normalizes vector observations to roughly zero mean and unit variance with running statistics, as Gymnasium's
 * {@code NormalizeObservation}: update with the raw observation, then return {@code (x - mean) / sqrt(var + eps)},
 * optionally clipped (SB3's {@code VecNormalize} clips at 10). Freeze the statistics for evaluation with
 * {@link #setUpdating(boolean)}; they are saved in checkpoints.
 *
 * <pre>{@code
 * var env = new NormalizeObservation<>(Envs.make("MountainCar-v0"), 1e-8, 10.0);
 * }</pre>
 */
public final class NormalizeObservation<A> extends Wrapper<float[], A, float[], A> {
    private final RunningMeanStd stats;
    private final double epsilon;
    private final double clip;
    private final Box space;
    private boolean updating = true;

    /**
     * @param epsilon added to the variance under the square root (Gymnasium: 1e-8)
     * @param clip normalized values are clipped to [-clip, clip]; {@code Double.POSITIVE_INFINITY} disables
     */
    public NormalizeObservation(Env<float[], A> env, double epsilon, double clip) {
        super(env);
        if (!(env.observationSpace() instanceof Box box)) {
            throw new IllegalArgumentException("NormalizeObservation needs a Box observation space; " + env.name()
                    + " has " + env.observationSpace());
        }
        if (!(epsilon > 0) || !(clip > 0)) {
            throw new IllegalArgumentException("NormalizeObservation needs epsilon > 0 and clip > 0, got epsilon="
                    + epsilon + ", clip=" + clip);
        }
        this.stats = new RunningMeanStd(box.dim());
        this.epsilon = epsilon;
        this.clip = clip;
        float c = (float) Math.min(clip, Float.MAX_VALUE);
        this.space = Double.isInfinite(clip) ? Box.uniform(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, box.dim())
                : Box.uniform(-c, c, box.dim());
    }

    /** Whether statistics are updated by new observations (turn off for evaluation). */
    public void setUpdating(boolean updating) {
        this.updating = updating;
    }

    /** The running statistics. */
    public RunningMeanStd statistics() {
        return stats;
    }

    @Override
    public Space<float[]> observationSpace() {
        return space;
    }

    @Override
    public Space<A> actionSpace() {
        return env.actionSpace();
    }

    @Override
    public ResetResult<float[]> reset(long seed) {
        ResetResult<float[]> r = env.reset(seed);
        return r.withObservation(normalize(r.observation()));
    }

    @Override
    public ResetResult<float[]> reset() {
        ResetResult<float[]> r = env.reset();
        return r.withObservation(normalize(r.observation()));
    }

    @Override
    public StepResult<float[]> step(A action) {
        StepResult<float[]> r = env.step(action);
        return r.withObservation(normalize(r.observation()));
    }

    private float[] normalize(float[] x) {
        if (updating) {
            stats.update(x);
        }
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double z = (x[i] - stats.mean(i)) / Math.sqrt(stats.variance(i) + epsilon);
            out[i] = (float) Math.max(-clip, Math.min(clip, z));
        }
        return out;
    }

    @Override
    protected void saveWrapperState(CheckpointWriter out, String prefix) {
        stats.save(out, prefix + "obs_rms.");
    }

    @Override
    protected void loadWrapperState(CheckpointReader in, String prefix) {
        stats.load(in, prefix + "obs_rms.");
    }
}
