package dev.reins.core.callback;

import dev.reins.core.algorithm.EvalResult;
import dev.reins.core.algorithm.Evaluator;
import dev.reins.core.env.Env;
import dev.reins.core.policy.Policy;
import java.util.function.Supplier;

/**
 * Evaluates the current policy deterministically on a separate env every {@code everySteps} steps and reports the
 * result to {@code listener} (e.g. a {@link StopOnRewardThreshold} or a metrics writer).
 *
 * <pre>{@code
 * Callback eval = new EvalCallback<>(Envs.make("FrozenLake-v1"), agent::policy, 5_000, 100, 123L,
 *         new StopOnRewardThreshold(0.74));
 * }</pre>
 */
public final class EvalCallback<O, A> implements Callback {
    private final Env<O, A> env;
    private final Supplier<Policy<O, A>> policy;
    private final long everySteps;
    private final int episodes;
    private final long seed;
    private final Callback listener;
    private long nextEval;

    public EvalCallback(Env<O, A> env, Supplier<Policy<O, A>> policy, long everySteps, int episodes, long seed, Callback listener) {
        if (everySteps <= 0 || episodes <= 0) {
            throw new IllegalArgumentException("EvalCallback needs everySteps > 0 and episodes > 0, got " + everySteps + ", "
                    + episodes);
        }
        this.env = env;
        this.policy = policy;
        this.everySteps = everySteps;
        this.episodes = episodes;
        this.seed = seed;
        this.listener = listener;
    }

    @Override
    public void onTrainingStart(TrainingContext ctx) {
        nextEval = (ctx.step() / everySteps + 1) * everySteps;
    }

    @Override
    public void onStep(TrainingContext ctx) {
        if (ctx.step() >= nextEval) {
            nextEval += everySteps;
            EvalResult result = Evaluator.evaluate(env, policy.get(), episodes, seed, Evaluator.DEFAULT_MAX_STEPS);
            listener.onEval(ctx, result);
        }
    }
}
