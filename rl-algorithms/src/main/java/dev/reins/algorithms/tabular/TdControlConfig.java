package dev.reins.algorithms.tabular;

import dev.reins.algorithms.ConfigChecks;
import dev.reins.core.schedule.Schedule;

/**
 * Hyperparameters of one-step TD control (Q-learning, SARSA, Expected SARSA).
 *
 * <pre>{@code
 * TdControlConfig c = TdControlConfig.defaults().withEpsilon(new Schedule.Linear(1.0, 0.05, 0.5));
 * }</pre>
 *
 * @param learningRate step size α, as a schedule over training progress
 * @param gamma discount γ
 * @param epsilon exploration rate ε of the ε-greedy behaviour policy
 * @param initialQ initial action values (optimistic values encourage exploration)
 */
public record TdControlConfig(Schedule learningRate, double gamma, Schedule epsilon, double initialQ) {
    public TdControlConfig {
        ConfigChecks.scheduleInRange("learning_rate", learningRate, Double.MIN_VALUE, 1);
        ConfigChecks.inClosedRange("gamma", gamma, 0, 1);
        ConfigChecks.scheduleInRange("epsilon", epsilon, 0, 1);
        ConfigChecks.finite("initial_q", initialQ);
    }

    /** α 0.1, γ 0.99, ε 0.1 constant, Q₀ 0. */
    public static TdControlConfig defaults() {
        return new TdControlConfig(new Schedule.Constant(0.1), 0.99, new Schedule.Constant(0.1), 0.0);
    }

    public TdControlConfig withEpsilon(Schedule e) {
        return new TdControlConfig(learningRate, gamma, e, initialQ);
    }

    public TdControlConfig withLearningRate(Schedule a) {
        return new TdControlConfig(a, gamma, epsilon, initialQ);
    }

    public TdControlConfig withGamma(double g) {
        return new TdControlConfig(learningRate, g, epsilon, initialQ);
    }
}
