package dev.reins.algorithms.tabular;

import dev.reins.algorithms.ConfigChecks;
import dev.reins.core.schedule.Schedule;

/**
 * Hyperparameters of first-visit on-policy Monte Carlo control.
 *
 * @param gamma discount γ
 * @param epsilon exploration rate ε of the ε-soft policy
 * @param initialQ initial action values
 */
public record MonteCarloConfig(double gamma, Schedule epsilon, double initialQ) {
    public MonteCarloConfig {
        ConfigChecks.inClosedRange("gamma", gamma, 0, 1);
        ConfigChecks.scheduleInRange("epsilon", epsilon, 0, 1);
        ConfigChecks.finite("initial_q", initialQ);
    }

    /** γ 0.99, ε 0.1, Q₀ 0. */
    public static MonteCarloConfig defaults() {
        return new MonteCarloConfig(0.99, new Schedule.Constant(0.1), 0.0);
    }
}
