package dev.reins.core.env.wrappers;

import dev.reins.core.env.Env;
import dev.reins.core.env.StepResult;
import dev.reins.core.env.Wrapper;
import java.util.function.DoubleUnaryOperator;

/**
 * Applies a function to every reward (scaling, clipping, shaping).
 *
 * <pre>{@code
 * var env = new TransformReward<>(Envs.make("CliffWalking-v1"), r -> r / 100.0);
 * }</pre>
 */
public final class TransformReward<O, A> extends Wrapper.Same<O, A> {
    private final DoubleUnaryOperator transform;

    public TransformReward(Env<O, A> env, DoubleUnaryOperator transform) {
        super(env);
        this.transform = transform;
    }

    @Override
    public StepResult<O> step(A action) {
        StepResult<O> r = env.step(action);
        return r.withReward(transform.applyAsDouble(r.reward()));
    }
}
