package dev.reins.core.callback;

import dev.reins.core.algorithm.EvalResult;
import dev.reins.core.env.wrappers.EpisodeStatistics;
import java.util.Map;

/**
 * Receives training events; every method is optional. Call {@link TrainingContext#requestStop} to stop early.
 *
 * <pre>{@code
 * Callback printer = new Callback() {
 *     public void onEpisodeEnd(TrainingContext ctx, EpisodeStatistics ep) {
 *         System.out.println(ctx.step() + ": " + ep.episodeReturn());
 *     }
 * };
 * algorithm.learn(50_000, printer);
 * }</pre>
 */
public interface Callback {
    /** A callback that does nothing. */
    Callback NONE = new Callback() {};

    default void onTrainingStart(TrainingContext ctx) {}

    /** After every env step (every vector step for vectorized algorithms). */
    default void onStep(TrainingContext ctx) {}

    /** When an episode finishes, with its undiscounted return and length. */
    default void onEpisodeEnd(TrainingContext ctx, EpisodeStatistics episode) {}

    /** After an on-policy rollout is collected, before the update. */
    default void onRolloutEnd(TrainingContext ctx) {}

    /** After a learning update, with its diagnostics (losses, KL, entropy, ...). */
    default void onUpdate(TrainingContext ctx, Map<String, Double> metrics) {}

    /** After an evaluation. */
    default void onEval(TrainingContext ctx, EvalResult result) {}

    default void onTrainingEnd(TrainingContext ctx) {}

    /** Several callbacks, called in order. */
    static Callback of(Callback... callbacks) {
        return new CallbackList(java.util.List.of(callbacks));
    }
}
