package dev.reins.core.env.wrappers;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.Env;
import dev.reins.core.env.StepResult;
import dev.reins.core.env.Wrapper;
import dev.reins.core.stats.RunningMeanStd;

/**
 * Scales rewards so that the discounted return has roughly unit variance, exactly as Gymnasium's
 * {@code NormalizeReward}: a running discounted sum {@code g = g·γ·(1 − terminated) + r} feeds running statistics
 * and the reward is divided by {@code sqrt(var + ε)} (not centered). Statistics are saved in checkpoints.
 *
 * <pre>{@code
 * var env = new NormalizeReward<>(new RecordEpisodeStatistics<>(Envs.make("Pendulum-v1")), 0.99, 1e-8);
 * }</pre>
 */
public final class NormalizeReward<O, A> extends Wrapper.Same<O, A> {
    private final RunningMeanStd stats = new RunningMeanStd(1);
    private final double gamma;
    private final double epsilon;
    private double discountedReward;
    private boolean updating = true;

    public NormalizeReward(Env<O, A> env, double gamma, double epsilon) {
        super(env);
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("NormalizeReward gamma must be in [0, 1], got " + gamma);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("NormalizeReward epsilon must be > 0, got " + epsilon);
        }
        this.gamma = gamma;
        this.epsilon = epsilon;
    }

    /** Whether statistics are updated (turn off for evaluation). */
    public void setUpdating(boolean updating) {
        this.updating = updating;
    }

    /** The running statistics of the discounted return. */
    public RunningMeanStd statistics() {
        return stats;
    }

    @Override
    public StepResult<O> step(A action) {
        StepResult<O> r = env.step(action);
        discountedReward = discountedReward * gamma * (r.terminated() ? 0 : 1) + r.reward();
        if (updating) {
            stats.update(discountedReward);
        }
        return r.withReward(r.reward() / Math.sqrt(stats.variance(0) + epsilon));
    }

    @Override
    protected void saveWrapperState(CheckpointWriter out, String prefix) {
        stats.save(out, prefix + "return_rms.");
        out.putDoubles(prefix + "discounted_reward", new double[] {discountedReward});
    }

    @Override
    protected void loadWrapperState(CheckpointReader in, String prefix) {
        stats.load(in, prefix + "return_rms.");
        discountedReward = in.doubles(prefix + "discounted_reward", 1)[0];
    }
}
