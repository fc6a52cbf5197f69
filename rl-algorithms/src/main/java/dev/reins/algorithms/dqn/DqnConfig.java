package dev.reins.algorithms.dqn;

import dev.reins.algorithms.ConfigChecks;
import dev.reins.algorithms.loss.RegressionLoss;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.schedule.Schedule;
import java.util.List;

/**
 * DQN hyperparameters, named as in Stable-Baselines3 where the concept is the same.
 *
 * @param numEnvs envs stepped together (one batched forward per vector step)
 * @param learningRate Adam step size, as a schedule over training progress
 * @param bufferSize replay capacity (transitions)
 * @param learningStarts env steps of uniformly random actions before learning starts
 * @param batchSize transitions per gradient step
 * @param gamma discount
 * @param tau target update coefficient: 1 copies the online network, below 1 is Polyak averaging
 * @param targetUpdateInterval env steps between target updates
 * @param trainFrequency vector steps between training rounds
 * @param gradientSteps gradient steps per training round
 * @param explorationInitialEps ε at the start
 * @param explorationFinalEps ε at the end of the decay
 * @param explorationFraction fraction of training over which ε decays linearly
 * @param hidden hidden layer widths of the Q-network
 * @param activation hidden activation
 * @param precision arithmetic of the Q-network's passes ({@code float64} or {@code float32}; parameters and Adam stay
 *     float64)
 * @param networkBackend what computes the networks: {@code java} (the plain-Java MLP) or {@code dl4j} (Deeplearning4j)
 * @param doubleDqn choose the next action with the online network and evaluate it with the target (van Hasselt et al.)
 * @param dueling value and advantage streams, Q = V + A − mean(A) (Wang et al.)
 * @param prioritizedReplay proportional prioritized replay (Schaul et al.)
 * @param perAlpha prioritization exponent α
 * @param perBeta0 importance-sampling exponent β at the start, annealed linearly to 1
 * @param perEpsilon added to |δ| in priorities
 * @param nSteps n of the n-step return (1 is ordinary DQN)
 * @param loss per-sample loss on the TD error
 * @param maxGradNorm global gradient-norm clip
 * @param adamEpsilon Adam's ε
 */
public record DqnConfig(int numEnvs, Schedule learningRate, int bufferSize, int learningStarts, int batchSize, double gamma, double tau,
        int targetUpdateInterval, int trainFrequency, int gradientSteps, double explorationInitialEps, double explorationFinalEps,
        double explorationFraction, List<Integer> hidden, Activation activation, Precision precision,
        NetworkBackend networkBackend, boolean doubleDqn, boolean dueling,
        boolean prioritizedReplay, double perAlpha, double perBeta0, double perEpsilon, int nSteps, RegressionLoss loss,
        double maxGradNorm, double adamEpsilon) {

    public DqnConfig {
        positiveInt("num_envs", numEnvs);
        ConfigChecks.scheduleInRange("learning_rate", learningRate, Double.MIN_VALUE, 1);
        positiveInt("buffer_size", bufferSize);
        if (learningStarts < 0) {
            throw new IllegalArgumentException("learning_starts must be >= 0, got " + learningStarts);
        }
        positiveInt("batch_size", batchSize);
        ConfigChecks.inClosedRange("gamma", gamma, 0, 1);
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("tau must be in (0, 1], got " + tau);
        }
        positiveInt("target_update_interval", targetUpdateInterval);
        positiveInt("train_frequency", trainFrequency);
        positiveInt("gradient_steps", gradientSteps);
        ConfigChecks.inClosedRange("exploration_initial_eps", explorationInitialEps, 0, 1);
        ConfigChecks.inClosedRange("exploration_final_eps", explorationFinalEps, 0, 1);
        if (!(explorationFraction > 0 && explorationFraction <= 1)) {
            throw new IllegalArgumentException("exploration_fraction must be in (0, 1], got " + explorationFraction);
        }
        if (hidden == null || hidden.stream().anyMatch(h -> h == null || h <= 0)) {
            throw new IllegalArgumentException("hidden must be a list of positive layer widths, got " + hidden);
        }
        hidden = List.copyOf(hidden);
        if (activation == null) {
            throw new IllegalArgumentException("activation must be one of " + java.util.Arrays.toString(Activation.values()));
        }
        ConfigChecks.inClosedRange("per_alpha", perAlpha, 0, 1);
        ConfigChecks.inClosedRange("per_beta0", perBeta0, 0, 1);
        ConfigChecks.positive("per_epsilon", perEpsilon);
        positiveInt("n_steps", nSteps);
        ConfigChecks.notNull("precision", precision, Precision.values());
        ConfigChecks.notNull("network_backend", networkBackend, NetworkBackend.values());
        if (loss == null) {
            throw new IllegalArgumentException("loss must be one of " + java.util.Arrays.toString(RegressionLoss.values()));
        }
        ConfigChecks.positive("max_grad_norm", maxGradNorm);
        ConfigChecks.positive("adam_epsilon", adamEpsilon);
        if (batchSize > bufferSize) {
            throw new IllegalArgumentException("batch_size " + batchSize + " exceeds buffer_size " + bufferSize);
        }
    }

    private static void positiveInt(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }

    /** SB3's DQN defaults, with a 100k buffer and a [64, 64] ReLU network. */
    public static DqnConfig defaults() {
        return new DqnConfig(1, new Schedule.Constant(1e-4), 100_000, 100, 32, 0.99, 1.0, 10_000, 4, 1, 1.0, 0.05, 0.1,
                List.of(64, 64), Activation.RELU, Precision.FLOAT32, NetworkBackend.JAVA, false, false, false, 0.6, 0.4,
                1e-6, 1, RegressionLoss.HUBER, 10,
                1e-8);
    }

    /** The defaults with Double DQN on. */
    public static DqnConfig doubleDqnDefaults() {
        DqnConfig d = defaults();
        return new DqnConfig(d.numEnvs, d.learningRate, d.bufferSize, d.learningStarts, d.batchSize, d.gamma, d.tau,
                d.targetUpdateInterval, d.trainFrequency, d.gradientSteps, d.explorationInitialEps, d.explorationFinalEps,
                d.explorationFraction, d.hidden, d.activation, d.precision, NetworkBackend.JAVA, true, d.dueling,
                d.prioritizedReplay, d.perAlpha, d.perBeta0,
                d.perEpsilon, d.nSteps, d.loss, d.maxGradNorm, d.adamEpsilon);
    }
}
