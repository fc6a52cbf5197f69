package dev.reins.core.env.wrappers;

import dev.reins.core.env.Env;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.env.Wrapper;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.MultiDiscrete;
import dev.reins.core.space.Space;

/**
 * Turns a {@link MultiDiscrete} observation into one {@link Discrete} index (row-major), so tabular methods can
 * index a table by it — e.g. Blackjack's (player sum, dealer card, usable ace).
 *
 * <pre>{@code
 * Env<Integer, Integer> blackjack = new FlattenDiscreteObservation<>(Envs.make("Blackjack-v1"));
 * }</pre>
 */
public final class FlattenDiscreteObservation<A> extends Wrapper<Integer, A, int[], A> {
    private final MultiDiscrete inner;
    private final Discrete space;

    public FlattenDiscreteObservation(Env<int[], A> env) {
        super(env);
        if (!(env.observationSpace() instanceof MultiDiscrete md)) {
            throw new IllegalArgumentException("FlattenDiscreteObservation needs a MultiDiscrete observation space; "
                    + env.name() + " has " + env.observationSpace());
        }
        this.inner = md;
        this.space = new Discrete(Math.toIntExact(md.cardinality()));
    }

    @Override
    public Space<Integer> observationSpace() {
        return space;
    }

    @Override
    public Space<A> actionSpace() {
        return env.actionSpace();
    }

    @Override
    public ResetResult<Integer> reset(long seed) {
        ResetResult<int[]> r = env.reset(seed);
        return r.withObservation(inner.flatten(r.observation()));
    }

    @Override
    public ResetResult<Integer> reset() {
        ResetResult<int[]> r = env.reset();
        return r.withObservation(inner.flatten(r.observation()));
    }

    @Override
    public StepResult<Integer> step(A action) {
        StepResult<int[]> r = env.step(action);
        return r.withObservation(inner.flatten(r.observation()));
    }
}
