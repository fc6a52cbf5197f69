package dev.reins.core.env.wrappers;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.Env;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.env.Wrapper;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds {@link EpisodeStatistics} to the info of every episode's last step. Put it inside reward-changing wrappers so
 * it reports the env's true return.
 *
 * <pre>{@code
 * var env = new NormalizeReward<>(new RecordEpisodeStatistics<>(base), 0.99, 1e-8);
 * StepResult<float[]> r = env.step(a);
 * if (r.done()) { var stats = (EpisodeStatistics) r.info().get(EpisodeStatistics.INFO_KEY); }
 * }</pre>
 */
public final class RecordEpisodeStatistics<O, A> extends Wrapper.Same<O, A> {
    private double episodeReturn;
    private int episodeLength;

    public RecordEpisodeStatistics(Env<O, A> env) {
        super(env);
    }

    @Override
    public ResetResult<O> reset(long seed) {
        episodeReturn = 0;
        episodeLength = 0;
        return env.reset(seed);
    }

    @Override
    public ResetResult<O> reset() {
        episodeReturn = 0;
        episodeLength = 0;
        return env.reset();
    }

    @Override
    public StepResult<O> step(A action) {
        StepResult<O> r = env.step(action);
        episodeReturn += r.reward();
        episodeLength++;
        if (!r.done()) {
            return r;
        }
        Map<String, Object> info = new HashMap<>(r.info());
        info.put(EpisodeStatistics.INFO_KEY, new EpisodeStatistics(episodeReturn, episodeLength));
        return new StepResult<>(r.observation(), r.reward(), r.terminated(), r.truncated(), Map.copyOf(info));
    }

    @Override
    protected void saveWrapperState(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "episode_return", new double[] {episodeReturn});
        out.putInts(prefix + "episode_length", new int[] {episodeLength});
    }

    @Override
    protected void loadWrapperState(CheckpointReader in, String prefix) {
        episodeReturn = in.doubles(prefix + "episode_return", 1)[0];
        episodeLength = in.ints(prefix + "episode_length", 1)[0];
    }
}
