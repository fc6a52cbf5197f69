package dev.reins.core.env.wrappers;

import dev.reins.core.env.Env;
import dev.reins.core.env.StepResult;
import dev.reins.core.env.Wrapper;
import dev.reins.core.space.Box;
import dev.reins.core.space.Space;

/**
 * Clips continuous actions into the env's bounds, as Gymnasium's {@code ClipAction}: the wrapper accepts any finite
 * action of the right length (its action space is unbounded). NaN actions are still rejected by the inner env.
 *
 * <pre>{@code
 * var env = new ClipAction<>(Envs.make("Pendulum-v1"));
 * env.step(new float[] {5f});   // applied as 2.0
 * }</pre>
 */
public final class ClipAction<O> extends Wrapper.SameObservations<O, float[], float[]> {
    private final Box inner;
    private final Box space;

    public ClipAction(Env<O, float[]> env) {
        super(env);
        if (!(env.actionSpace() instanceof Box box)) {
            throw new IllegalArgumentException("ClipAction needs a Box action space; " + env.name() + " has " + env.actionSpace());
        }
        this.inner = box;
        this.space = Box.uniform(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, box.dim());
    }

    @Override
    public Space<float[]> actionSpace() {
        return space;
    }

    @Override
    public StepResult<O> step(float[] action) {
        if (action == null || action.length != inner.dim()) {
            throw new IllegalArgumentException(name() + ": action " + Space.describeValue(action) + " must have length "
                    + inner.dim() + " for action space " + inner);
        }
        float[] clipped = new float[action.length];
        for (int i = 0; i < action.length; i++) {
            clipped[i] = Float.isNaN(action[i]) ? action[i] : Math.max(inner.low(i), Math.min(inner.high(i), action[i]));
        }
        return env.step(clipped);
    }
}
