package dev.reins.core.env;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.space.Space;

/**
 * An env that changes another env's behaviour (time limit, normalization, ...). By default everything is
 * forwarded; subclasses override what they change. Checkpointing saves the inner env under a nested prefix, so
 * a wrapped env is saved as a whole.
 *
 * @param <O> observation type seen by the user
 * @param <A> action type accepted from the user
 * @param <IO> observation type of the inner env
 * @param <IA> action type of the inner env
 */
public abstract class Wrapper<O, A, IO, IA> implements Env<O, A>, Checkpointable {
    protected final Env<IO, IA> env;

    protected Wrapper(Env<IO, IA> env) {
        this.env = env;
    }

    /** The env this one wraps. */
    public Env<IO, IA> inner() {
        return env;
    }

    @Override
    public String name() {
        return env.name();
    }

    @Override
    public Env<?, ?> unwrapped() {
        return env.unwrapped();
    }

    @Override
    public void close() {
        env.close();
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        saveWrapperState(out, prefix);
        if (env instanceof Checkpointable c) {
            c.save(out, prefix + "inner.");
        } else {
            throw new UnsupportedOperationException(env.name() + " (" + env.getClass().getName() + ") cannot be checkpointed");
        }
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        loadWrapperState(in, prefix);
        if (env instanceof Checkpointable c) {
            c.load(in, prefix + "inner.");
        } else {
            throw new UnsupportedOperationException(env.name() + " (" + env.getClass().getName() + ") cannot be checkpointed");
        }
    }

    /** Saves this wrapper's own state (counters, statistics); nothing by default. */
    protected void saveWrapperState(CheckpointWriter out, String prefix) {}

    /** Restores what {@link #saveWrapperState} wrote. */
    protected void loadWrapperState(CheckpointReader in, String prefix) {}

    /** A wrapper that changes only actions: observations and resets are forwarded. */
    public abstract static class SameObservations<O, A, IA> extends Wrapper<O, A, O, IA> {
        protected SameObservations(Env<O, IA> env) {
            super(env);
        }

        @Override
        public Space<O> observationSpace() {
            return env.observationSpace();
        }

        @Override
        public ResetResult<O> reset(long seed) {
            return env.reset(seed);
        }

        @Override
        public ResetResult<O> reset() {
            return env.reset();
        }
    }

    /** A wrapper that keeps the observation and action types: only behaviour changes. */
    public abstract static class Same<O, A> extends SameObservations<O, A, A> {
        protected Same(Env<O, A> env) {
            super(env);
        }

        @Override
        public Space<A> actionSpace() {
            return env.actionSpace();
        }

        @Override
        public StepResult<O> step(A action) {
            return env.step(action);
        }
    }
}
