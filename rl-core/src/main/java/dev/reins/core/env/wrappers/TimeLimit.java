package dev.reins.core.env.wrappers;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.Env;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.env.Wrapper;
import dev.reins.core.space.Space;

/**
 * Ends episodes with {@code truncated = true} after {@code maxEpisodeSteps} steps, as Gymnasium's {@code TimeLimit}:
 * the flag is set on the step whose count reaches the limit, even if that step also terminated.
 *
 * <pre>{@code
 * Env<float[], Integer> env = new TimeLimit<>(new CartPole(), 500);
 * }</pre>
 */
public final class TimeLimit<O, A> extends Wrapper.Same<O, A> {
    private final int maxEpisodeSteps;
    private int elapsedSteps;
    private boolean ended = true;

    public TimeLimit(Env<O, A> env, int maxEpisodeSteps) {
        super(env);
        if (maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException("TimeLimit for " + env.name() + " needs maxEpisodeSteps > 0, got "
                    + maxEpisodeSteps);
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** Steps taken in the current episode. */
    public int elapsedSteps() {
        return elapsedSteps;
    }

    /** Sets the step counter, e.g. to replay a recorded trace from its middle. */
    public void setElapsedSteps(int steps) {
        if (steps < 0 || steps > maxEpisodeSteps) {
            throw new IllegalArgumentException("elapsed steps must be in [0, " + maxEpisodeSteps + "], got " + steps);
        }
        elapsedSteps = steps;
    }

    @Override
    public ResetResult<O> reset(long seed) {
        elapsedSteps = 0;
        ended = false;
        return env.reset(seed);
    }

    @Override
    public ResetResult<O> reset() {
        elapsedSteps = 0;
        ended = false;
        return env.reset();
    }

    @Override
    public StepResult<O> step(A action) {
        if (ended) {
            throw new IllegalStateException(name() + ": step(" + Space.describeValue(action)
                    + ") called after the episode ended or before reset(); call reset() first");
        }
        StepResult<O> r = env.step(action);
        elapsedSteps++;
        if (elapsedSteps >= maxEpisodeSteps && !r.truncated()) {
            r = new StepResult<>(r.observation(), r.reward(), r.terminated(), true, r.info());
        }
        ended = r.done();
        return r;
    }

    @Override
    protected void saveWrapperState(CheckpointWriter out, String prefix) {
        out.putInts(prefix + "time_limit", new int[] {elapsedSteps, ended ? 1 : 0});
    }

    @Override
    protected void loadWrapperState(CheckpointReader in, String prefix) {
        int[] s = in.ints(prefix + "time_limit", 2);
        elapsedSteps = s[0];
        ended = s[1] != 0;
    }
}
