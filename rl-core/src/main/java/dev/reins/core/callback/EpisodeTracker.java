package dev.reins.core.callback;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.env.wrappers.EpisodeStatistics;

/**
 * Running return and length of each env of a vector env, reported to {@link Callback#onEpisodeEnd} when an episode
 * ends: the bookkeeping every vectorized trainer needs, checkpointed with it.
 *
 * <pre>{@code
 * EpisodeTracker episodes = new EpisodeTracker(numEnvs);
 * envs.step(actions);
 * for (int i = 0; i < numEnvs; i++) {
 *     episodes.record(i, envs.rewards()[i], envs.terminated()[i] || envs.truncated()[i], ctx, callback);
 * }
 * }</pre>
 */
public final class EpisodeTracker implements Checkpointable {
    private final double[] returns;
    private final int[] lengths;

    public EpisodeTracker(int numEnvs) {
        returns = new double[numEnvs];
        lengths = new int[numEnvs];
    }

    /** Adds env {@code i}'s reward; when {@code done}, reports the episode and starts a new one. */
    public void record(int i, double reward, boolean done, TrainingContext ctx, Callback callback) {
        returns[i] += reward;
        lengths[i]++;
        if (done) {
            callback.onEpisodeEnd(ctx, new EpisodeStatistics(returns[i], lengths[i]));
            returns[i] = 0;
            lengths[i] = 0;
        }
    }

    /** Forgets every running episode (the envs were reset). */
    public void clear() {
        java.util.Arrays.fill(returns, 0);
        java.util.Arrays.fill(lengths, 0);
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "episode_returns", returns);
        out.putInts(prefix + "episode_lengths", lengths);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        System.arraycopy(in.doubles(prefix + "episode_returns", returns.length), 0, returns, 0, returns.length);
        System.arraycopy(in.ints(prefix + "episode_lengths", lengths.length), 0, lengths, 0, lengths.length);
    }
}
