package dev.reins.algorithms.tabular;

import dev.reins.algorithms.ConfigChecks;
import dev.reins.core.schedule.Schedule;

/**
 * Hyperparameters of TD(λ) control with eligibility traces (SARSA(λ), Watkins's Q(λ)).
 *
 * @param learningRate step size α
 * @param gamma discount γ
 * @param epsilon exploration rate ε
 * @param initialQ initial action values
 * @param lambda trace decay λ (0 = one-step TD, 1 = Monte Carlo-like)
 * @param replacingTraces set a visited pair's trace to 1 instead of adding 1
 */
public record TraceControlConfig(Schedule learningRate, double gamma, Schedule epsilon, double initialQ, double lambda,
        boolean replacingTraces) {
    public TraceControlConfig {
        ConfigChecks.scheduleInRange("learning_rate", learningRate, Double.MIN_VALUE, 1);
        ConfigChecks.inClosedRange("gamma", gamma, 0, 1);
        ConfigChecks.scheduleInRange("epsilon", epsilon, 0, 1);
        ConfigChecks.finite("initial_q", initialQ);
        ConfigChecks.inClosedRange("lambda", lambda, 0, 1);
    }

    /** α 0.1, γ 0.99, ε 0.1, Q₀ 0, λ 0.9, replacing traces. */
    public static TraceControlConfig defaults() {
        return new TraceControlConfig(new Schedule.Constant(0.1), 0.99, new Schedule.Constant(0.1), 0.0, 0.9, true);
    }
}
