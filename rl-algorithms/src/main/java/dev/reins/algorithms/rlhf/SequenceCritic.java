package dev.reins.algorithms.rlhf;

import dev.reins.algorithms.grpo.Episode;
import dev.reins.core.checkpoint.Checkpointable;
import java.util.List;
import java.util.function.Function;

/**
 * A learned value function over the steps of whole episodes, as PPO-RLHF needs it: the value V(s_t) of the state
 * before each action (for a language model, the prompt and the completion tokens so far), the parameter gradient of
 * a loss given through its derivatives with respect to those values, and its own optimizer step. Arrays are
 * row-major [episodes, columns] as in {@link dev.reins.algorithms.grpo.SequencePolicy.Scores}.
 *
 * <pre>{@code
 * double[] v = critic.values(episodes);
 * critic.accumulateGradient(episodes, dLossDValue);
 * critic.applyGradient(1e-5, 1.0);
 * }</pre>
 */
public interface SequenceCritic<O> extends Checkpointable {
    /** V(s_t) for every step t of every episode, [rows, columns] (0 past an episode's end). */
    double[] values(List<Episode<O>> episodes);

    /** Adds the parameter gradient of Σ valueWeights·V over the episodes' steps. */
    void accumulateGradient(List<Episode<O>> episodes, double[] valueWeights);

    /**
     * Computes the values, hands them to {@code loss} (once) and accumulates the gradient of the weights it returns:
     * {@link #values} then {@link #accumulateGradient(List, double[])}, which a critic may do with one forward pass
     * instead of two. Returns the values.
     *
     * <pre>{@code
     * double[] v = critic.accumulateGradient(batch, values -> dLossDValue(values));
     * }</pre>
     */
    default double[] accumulateGradient(List<Episode<O>> episodes, Function<double[], double[]> loss) {
        double[] values = values(episodes);
        accumulateGradient(episodes, loss.apply(values));
        return values;
    }

    /** Clips the accumulated gradient to {@code maxGradNorm}, steps the optimizer, clears it; returns the norm before clipping. */
    double applyGradient(double learningRate, double maxGradNorm);
}
