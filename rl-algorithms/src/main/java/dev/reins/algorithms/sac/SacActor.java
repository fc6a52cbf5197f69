package dev.reins.algorithms.sac;

import dev.reins.core.checkpoint.Checkpointable;
import java.util.random.RandomGenerator;

/**
 * SAC's policy: tanh-squashed actions drawn by reparameterization, their log-probabilities, and the gradient of the
 * actor loss back into the policy's parameters. Two kinds: a Gaussian whose noise is fresh at every step
 * ({@link SquashedGaussianActor}) and generalized state-dependent exploration ({@link GsdeActor}), whose noise is a
 * function of the state held fixed for a stretch of steps.
 */
sealed interface SacActor extends Checkpointable permits SquashedGaussianActor, GsdeActor {
    /** Exploration actions in [−1, 1] for {@code n} env rows. */
    void explore(double[] obsRows, int n, RandomGenerator rng, double[] actions);

    /** A rollout begins (every {@code train_frequency} vector steps, and at the start): gSDE draws new noise. */
    void startRollout(RandomGenerator rng);

    /** A gradient step begins: gSDE draws the noise its samples use (the log-stds changed since the last). */
    void startGradientStep(RandomGenerator rng);

    /** Samples actions and their log-probabilities for the soft target; keeps nothing for a backward pass. */
    void sampleTarget(double[] obsRows, int b, RandomGenerator rng, double[] actions, double[] logProbs);

    /** Samples actions and log-probabilities for the actor update, keeping what {@link #update} differentiates. */
    void sampleForUpdate(double[] obsRows, int b, RandomGenerator rng, double[] actions, double[] logProbs);

    /**
     * Backpropagates a loss whose gradient is {@code dLogp} with respect to every row's log-probability and
     * {@code dActions} with respect to the actions of the last {@link #sampleForUpdate}, then takes an Adam step.
     */
    void update(double dLogp, double[] dActions, int b, double learningRate);

    /** The deterministic action tanh(μ(s)) of one observation. */
    void mode(double[] obs, double[] action);
}
