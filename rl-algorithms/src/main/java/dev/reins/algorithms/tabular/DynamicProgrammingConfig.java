package dev.reins.algorithms.tabular;

import dev.reins.algorithms.ConfigChecks;

/**
 * Hyperparameters of value and policy iteration.
 *
 * @param gamma discount γ (1 is allowed for episodic MDPs whose every policy ends; prefer < 1)
 * @param theta stop a sweep loop once no value changes by more than θ
 */
public record DynamicProgrammingConfig(double gamma, double theta) {
    public DynamicProgrammingConfig {
        ConfigChecks.inClosedRange("gamma", gamma, 0, 1);
        ConfigChecks.positive("theta", theta);
    }

    /** γ 0.99, θ 1e-10. */
    public static DynamicProgrammingConfig defaults() {
        return new DynamicProgrammingConfig(0.99, 1e-10);
    }
}
