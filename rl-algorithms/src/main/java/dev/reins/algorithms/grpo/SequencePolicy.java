package dev.reins.algorithms.grpo;

import dev.reins.core.checkpoint.Checkpointable;
import java.util.List;

/**
 * A stochastic policy over whole episodes of discrete actions, as GRPO needs it: it acts in a batch of episodes,
 * scores the actions of finished episodes (log-prob and entropy of each step's action distribution), turns a
 * gradient with respect to those log-probs into a gradient of its parameters, and applies that gradient with its
 * own optimizer (a policy knows how its parameters are stored: a flat array for a table, per-tensor ND4J arrays for a
 * transformer). Its checkpoint holds its parameters and optimizer state.
 *
 * <p>Score arrays are row-major [episodes, columns] with {@code columns = max episode length}; entry (r, t) is step
 * t of episode r, and entries past an episode's end are ignored (the mask is zero there).
 *
 * <pre>{@code
 * EpisodeActor<int[]> actor = policy.actor(firstObservations, seed);
 * int action = actor.act(row, observation);              // inside the env loop
 * SequencePolicy.Scores s = policy.score(episodes);
 * policy.accumulateGradient(episodes, dLossDLogp, null);
 * double normBeforeClip = policy.applyGradient(1e-5, 1.0);
 * }</pre>
 *
 * @param <O> observation type of the environment
 */
public interface SequencePolicy<O> extends Checkpointable {
    /** Per-step log-probs and entropies of a batch of episodes, row-major [rows, columns]. */
    record Scores(double[] logProbs, double[] entropies, int rows, int columns) {}

    /** Starts acting in {@code firstObservations.size()} episodes; sampling is reproducible from {@code seed}. */
    EpisodeActor<O> actor(List<O> firstObservations, long seed);

    /** Log-probs (and entropies) of every action of every episode under the current parameters. */
    Scores score(List<Episode<O>> episodes);

    /**
     * Adds to the policy's gradient the gradient with respect to its parameters of Σ logpWeights·logp +
     * Σ entropyWeights·entropy over the episodes' steps (arrays in the {@link Scores} layout; {@code entropyWeights}
     * may be null).
     */
    void accumulateGradient(List<Episode<O>> episodes, double[] logpWeights, double[] entropyWeights);

    /** dLoss/dlogp and dLoss/dentropy per step, in the {@link Scores} layout ({@code entropyWeights} may be null). */
    record LossWeights(double[] logpWeights, double[] entropyWeights) {}

    /**
     * Scores the episodes under the current parameters, hands the scores to {@code loss} and accumulates the gradient
     * of the weights it returns: {@link #score} then {@link #accumulateGradient(List, double[], double[])}, which a
     * policy may do with one forward pass instead of two (a transformer keeps the scoring pass's activations for the
     * backward). Returns the scores.
     *
     * <pre>{@code
     * policy.accumulateGradient(batch, now -> new SequencePolicy.LossWeights(dLossDLogp(now), null));
     * }</pre>
     */
    default Scores accumulateGradient(List<Episode<O>> episodes, java.util.function.Function<Scores, LossWeights> loss) {
        Scores now = score(episodes);
        accumulateGradient(episodes, now, loss);
        return now;
    }

    /**
     * The same with scores the caller knows are the policy's current ones — before its first optimizer step, the
     * sampling policy's — so none is computed: hands {@code current} to {@code loss} and accumulates the gradient of the
     * weights it returns.
     *
     * <pre>{@code
     * policy.accumulateGradient(batch, oldScores, now -> new SequencePolicy.LossWeights(dLossDLogp(now), null));
     * }</pre>
     */
    default void accumulateGradient(List<Episode<O>> episodes, Scores current,
            java.util.function.Function<Scores, LossWeights> loss) {
        LossWeights w = loss.apply(current);
        accumulateGradient(episodes, w.logpWeights(), w.entropyWeights());
    }

    /**
     * Clips the accumulated gradient to global norm {@code maxGradNorm}, takes one optimizer step with
     * {@code learningRate} and clears the gradient; returns the norm before clipping (non-finite: nothing applied).
     */
    double applyGradient(double learningRate, double maxGradNorm);

    /** An independent copy with the current parameters (the frozen reference policy). */
    SequencePolicy<O> frozenCopy();

    /**
     * What sampling depends on (the trainable parameters), encoded for a rollout worker's replica, which takes it with
     * {@link #loadSamplingWeights}; the replica then samples exactly as this policy would. Policies that are not
     * distributed need not implement it.
     */
    default byte[] samplingWeights() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be copied to rollout workers");
    }

    /** Takes the weights {@link #samplingWeights} encoded (by a policy of the same shape). */
    default void loadSamplingWeights(byte[] weights) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be a rollout worker's replica");
    }

    /** Chooses actions during a batch of episodes. */
    interface EpisodeActor<O> {
        /** The action of episode {@code row} given its current observation. */
        int act(int row, O observation);
    }

    /** Number of columns of the score layout: the longest episode. */
    static int columns(List<? extends Episode<?>> episodes) {
        int c = 1;
        for (Episode<?> e : episodes) {
            c = Math.max(c, e.actions().length);
        }
        return c;
    }
}
