package dev.reins.core.callback;

import dev.reins.core.algorithm.EvalResult;

/**
 * Stops training once an evaluation's mean return reaches a threshold (SB3's {@code StopTrainingOnRewardThreshold}).
 * Pair it with an {@link EvalCallback}.
 */
public final class StopOnRewardThreshold implements Callback {
    private final double threshold;

    public StopOnRewardThreshold(double threshold) {
        this.threshold = threshold;
    }

    @Override
    public void onEval(TrainingContext ctx, EvalResult result) {
        if (result.meanReturn() >= threshold) {
            ctx.requestStop("evaluation mean return " + result.meanReturn() + " reached the threshold " + threshold);
        }
    }
}
