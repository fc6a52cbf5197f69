package dev.reins.core.callback;

import dev.reins.core.algorithm.EvalResult;
import dev.reins.core.env.wrappers.EpisodeStatistics;
import java.util.List;
import java.util.Map;

/** Forwards every event to each callback in order. */
public final class CallbackList implements Callback {
    private final List<Callback> callbacks;

    public CallbackList(List<Callback> callbacks) {
        this.callbacks = List.copyOf(callbacks);
    }

    @Override
    public void onTrainingStart(TrainingContext ctx) {
        callbacks.forEach(c -> c.onTrainingStart(ctx));
    }

    @Override
    public void onStep(TrainingContext ctx) {
        for (Callback c : callbacks) {
            c.onStep(ctx);
        }
    }

    @Override
    public void onEpisodeEnd(TrainingContext ctx, EpisodeStatistics episode) {
        callbacks.forEach(c -> c.onEpisodeEnd(ctx, episode));
    }

    @Override
    public void onRolloutEnd(TrainingContext ctx) {
        callbacks.forEach(c -> c.onRolloutEnd(ctx));
    }

    @Override
    public void onUpdate(TrainingContext ctx, Map<String, Double> metrics) {
        callbacks.forEach(c -> c.onUpdate(ctx, metrics));
    }

    @Override
    public void onEval(TrainingContext ctx, EvalResult result) {
        callbacks.forEach(c -> c.onEval(ctx, result));
    }

    @Override
    public void onTrainingEnd(TrainingContext ctx) {
        callbacks.forEach(c -> c.onTrainingEnd(ctx));
    }
}
