package dev.reins.envs.classic;

import dev.reins.core.space.Box;
import dev.reins.core.space.Space;

/** The descriptive part every {@link ClassicDynamics} shares: id, state size and spaces. */
abstract class BaseDynamics<A> implements ClassicDynamics<A> {
    private final String id;
    private final int stateDim;
    private final Box observationSpace;
    private final Space<A> actionSpace;

    BaseDynamics(String id, int stateDim, Box observationSpace, Space<A> actionSpace) {
        this.id = id;
        this.stateDim = stateDim;
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final int stateDim() {
        return stateDim;
    }

    @Override
    public final Box observationSpace() {
        return observationSpace;
    }

    @Override
    public final Space<A> actionSpace() {
        return actionSpace;
    }
}
