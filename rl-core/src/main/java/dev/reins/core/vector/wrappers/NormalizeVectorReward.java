package dev.reins.core.vector.wrappers;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.stats.RunningMeanStd;
import dev.reins.core.vector.VectorEnv;

/**
 * Scales rewards by the running standard deviation of the discounted return, shared by all envs, as SB3's
 * {@code VecNormalize}: per env {@code G ← γ·G + r} (reset to 0 when its episode ends, terminated or truncated), the
 * batch of G updates the statistics, and the reward becomes {@code r / √(var(G) + ε)} clipped to ±clip. The mean is
 * not subtracted, so the sign of every reward is kept. {@link #rewards()} are scaled; the wrapped env's buffer keeps
 * the raw ones (read them there for episode returns).
 *
 * <pre>{@code
 * var envs = new NormalizeVectorReward<>(VectorEnvs.make("MountainCar-v0", 16, AutoresetMode.SAME_STEP), 0.99, 1e-8, 10);
 * }</pre>
 *
 * @param <A> action type of one env
 */
public final class NormalizeVectorReward<A> extends VectorEnvWrapper<A> {
    private final RunningMeanStd stats = new RunningMeanStd(1);
    private final double gamma;
    private final double epsilon;
    private final double clip;
    private final double[] discountedReturns;
    private final double[] scaled;
    private boolean updating = true;

    public NormalizeVectorReward(VectorEnv<A> env, double gamma, double epsilon, double clip) {
        super(env);
        if (!(gamma >= 0 && gamma <= 1) || !(epsilon > 0) || !(clip > 0)) {
            throw new IllegalArgumentException("NormalizeVectorReward needs gamma in [0, 1], epsilon > 0 and clip > 0, got gamma="
                    + gamma + ", epsilon=" + epsilon + ", clip=" + clip);
        }
        this.gamma = gamma;
        this.epsilon = epsilon;
        this.clip = clip;
        this.discountedReturns = new double[env.numEnvs()];
        this.scaled = new double[env.numEnvs()];
    }

    /** Whether steps add to the statistics. */
    public void setUpdating(boolean updating) {
        this.updating = updating;
    }

    /** The running statistics of the discounted return. */
    public RunningMeanStd statistics() {
        return stats;
    }

    @Override
    public void reset(long seed) {
        env.reset(seed);
        java.util.Arrays.fill(discountedReturns, 0);
        java.util.Arrays.fill(scaled, 0);
    }

    @Override
    public void step(A[] actions) {
        env.step(actions);
        double[] raw = env.rewards();
        int n = env.numEnvs();
        for (int i = 0; i < n; i++) {
            discountedReturns[i] = gamma * discountedReturns[i] + raw[i];
        }
        if (updating) {
            stats.updateBatch(discountedReturns, n);
        }
        double std = Math.sqrt(stats.variance(0) + epsilon);
        boolean[] terminated = env.terminated();
        boolean[] truncated = env.truncated();
        for (int i = 0; i < n; i++) {
            scaled[i] = Math.max(-clip, Math.min(clip, raw[i] / std));
            if (terminated[i] || truncated[i]) {
                discountedReturns[i] = 0;
            }
        }
    }

    @Override
    public double[] rewards() {
        return scaled;
    }

    @Override
    protected void saveWrapperState(CheckpointWriter out, String prefix) {
        stats.save(out, prefix + "return_rms.");
        out.putDoubles(prefix + "discounted_returns", discountedReturns);
        out.putDoubles(prefix + "scaled_rewards", scaled);
    }

    @Override
    protected void loadWrapperState(CheckpointReader in, String prefix) {
        stats.load(in, prefix + "return_rms.");
        System.arraycopy(in.doubles(prefix + "discounted_returns", discountedReturns.length), 0, discountedReturns, 0,
                discountedReturns.length);
        System.arraycopy(in.doubles(prefix + "scaled_rewards", scaled.length), 0, scaled, 0, scaled.length);
    }
}
