package dev.reins.core.env;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.random.Rng;
import dev.reins.core.space.Space;

/**
 * A base for concrete envs that enforces the {@link Env} contract in one place — reset before step, no step
 * after the end, actions inside the action space — and owns the seeded generator, so subclasses only write the
 * dynamics in {@link #resetEpisode(Rng)} and {@link #stepEpisode(Object)}.
 *
 * <p>Its state (generator, episode flags) is checkpointable; subclasses add their own state by overriding
 * {@link #saveState} and {@link #loadState}.
 *
 * @param <O> observation type
 * @param <A> action type
 */
public abstract class BaseEnv<O, A> implements Env<O, A>, Checkpointable {
    private final String name;
    private Rng rng;
    private boolean needsReset = true;
    private String endReason = "reset() was never called";

    /** @param name the name used in messages, normally the Gymnasium id */
    protected BaseEnv(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ResetResult<O> reset(long seed) {
        rng = new Rng(seed);
        return startEpisode();
    }

    @Override
    public final ResetResult<O> reset() {
        if (rng == null) {
            rng = new Rng(System.nanoTime());
        }
        return startEpisode();
    }

    private ResetResult<O> startEpisode() {
        ResetResult<O> result = resetEpisode(rng);
        needsReset = false;
        return result;
    }

    @Override
    public final StepResult<O> step(A action) {
        if (needsReset) {
            throw new IllegalStateException(name + ": step(" + Space.describeValue(action) + ") called but " + endReason
                    + "; call reset() first");
        }
        if (!acceptsAction(action)) {
            throw new IllegalArgumentException(name + ": action " + Space.describeValue(action)
                    + " is not in the action space " + actionSpace());
        }
        StepResult<O> result = stepEpisode(action);
        if (result.done()) {
            needsReset = true;
            endReason = "the episode already ended (" + (result.terminated() ? "terminated" : "truncated") + ")";
        }
        return result;
    }

    /**
     * Whether {@code action} may be applied: by default, whether the action space contains it. Envs that clip
     * out-of-range continuous actions themselves (as Gymnasium's Pendulum does) widen this to "right length, finite".
     */
    protected boolean acceptsAction(A action) {
        return actionSpace().contains(action);
    }

    /** The env's generator; valid once reset has been called. */
    protected final Rng rng() {
        return rng;
    }

    /** Starts an episode using {@code rng} for any randomness. */
    protected abstract ResetResult<O> resetEpisode(Rng rng);

    /** Advances one step with a valid {@code action}, within a running episode. */
    protected abstract StepResult<O> stepEpisode(A action);

    @Override
    public final void save(CheckpointWriter out, String prefix) {
        out.putLongs(prefix + "rng", rng == null ? new long[0] : rng.state());
        out.putInts(prefix + "needs_reset", new int[] {needsReset ? 1 : 0});
        out.putString(prefix + "end_reason", endReason);
        saveState(out, prefix);
    }

    @Override
    public final void load(CheckpointReader in, String prefix) {
        long[] state = in.longs(prefix + "rng");
        rng = state.length == 0 ? null : Rng.fromState(state);
        needsReset = in.ints(prefix + "needs_reset", 1)[0] != 0;
        endReason = in.string(prefix + "end_reason");
        loadState(in, prefix);
    }

    /** Saves the subclass's episode state (position, step counters, ...). */
    protected abstract void saveState(CheckpointWriter out, String prefix);

    /** Restores what {@link #saveState} wrote. */
    protected abstract void loadState(CheckpointReader in, String prefix);
}
