package dev.reins.algorithms.grpo;

import java.util.List;

/**
 * A stochastic policy over whole episodes of discrete actions, as GRPO needs it: it acts in a batch of episodes,
 * scores the actions of finished episodes (log-prob and entropy of each step's action distribution), and turns a
 * gradient with respect to those log-probs into a gradient of its flat parameters.
 *
 * <p>Score arrays are row-major [episodes, columns] with {@code columns = max episode length}; entry (r, t) is step
 * t of episode r, and entries past an episode's end are ignored (the mask is zero there).
 *
 * <pre>{@code
 * EpisodeActor<int[]> actor = policy.actor(firstObservations, seed);
 * int action = actor.act(row, observation);              // inside the env loop
 * SequencePolicy.Scores s = policy.score(episodes);
 * double[] grad = policy.gradient(episodes, dLossDLogp, null);
 * }</pre>
 *
 * @param <O> observation type of the environment
 */
public interface SequencePolicy<O> {
    /** Per-step log-probs and entropies of a batch of episodes, row-major [rows, columns]. */
    record Scores(double[] logProbs, double[] entropies, int rows, int columns) {}

    /** Starts acting in {@code firstObservations.size()} episodes; sampling is reproducible from {@code seed}. */
    EpisodeActor<O> actor(List<O> firstObservations, long seed);

    /** Log-probs (and entropies) of every action of every episode under the current parameters. */
    Scores score(List<Episode<O>> episodes);

    /**
     * Gradient with respect to {@link #parameters()} of Σ logpWeights·logp + Σ entropyWeights·entropy over the
     * episodes' steps (arrays in the {@link Scores} layout; {@code entropyWeights} may be null).
     */
    double[] gradient(List<Episode<O>> episodes, double[] logpWeights, double[] entropyWeights);

    /** The live flat parameter vector the optimizer updates in place. */
    double[] parameters();

    /** An independent copy with the current parameters (the frozen reference policy). */
    SequencePolicy<O> frozenCopy();

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
