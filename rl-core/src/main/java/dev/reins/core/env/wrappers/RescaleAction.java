package dev.reins.core.env.wrappers;

import dev.reins.core.env.Env;
import dev.reins.core.env.StepResult;
import dev.reins.core.env.Wrapper;
import dev.reins.core.space.Box;
import dev.reins.core.space.Space;

/**
 * Affinely maps actions from {@code [min, max]} (e.g. a tanh policy's [-1, 1]) onto the env's bounded Box, as
 * Gymnasium's {@code RescaleAction}.
 *
 * <pre>{@code
 * var env = new RescaleAction<>(Envs.make("Pendulum-v1"), -1f, 1f);
 * env.step(new float[] {1f});    // torque 2.0
 * }</pre>
 */
public final class RescaleAction<O> extends Wrapper.SameObservations<O, float[], float[]> {
    private final Box inner;
    private final Box space;
    private final float min;
    private final float max;

    public RescaleAction(Env<O, float[]> env, float min, float max) {
        super(env);
        if (!(env.actionSpace() instanceof Box box) || !box.isBounded()) {
            throw new IllegalArgumentException("RescaleAction needs a bounded Box action space; " + env.name() + " has "
                    + env.actionSpace());
        }
        if (!(min < max)) {
            throw new IllegalArgumentException("RescaleAction needs min < max, got min=" + min + ", max=" + max);
        }
        this.inner = box;
        this.min = min;
        this.max = max;
        this.space = Box.uniform(min, max, box.dim());
    }

    @Override
    public Space<float[]> actionSpace() {
        return space;
    }

    @Override
    public StepResult<O> step(float[] action) {
        if (!space.contains(action)) {
            throw new IllegalArgumentException(name() + ": action " + Space.describeValue(action)
                    + " is not in the rescaled action space " + space);
        }
        float[] mapped = new float[action.length];
        for (int i = 0; i < action.length; i++) {
            double fraction = ((double) action[i] - min) / ((double) max - min);
            double v = inner.low(i) + fraction * ((double) inner.high(i) - inner.low(i));
            mapped[i] = (float) Math.max(inner.low(i), Math.min(inner.high(i), v));
        }
        return env.step(mapped);
    }
}
