package dev.reins.core.estimate;

/**
 * n-step targets {@code G_t = Σ_{k<m} γ^k r_{t+k} + γ^m V(s_{t+m})} with {@code m ≤ n}, stopping early at an
 * episode end (no bootstrap after termination, bootstrap from the final observation after truncation) or at the end
 * of the rollout. n = 1 is the one-step TD target; n = ∞ gives {@link DiscountedReturns}.
 *
 * <pre>{@code
 * NStepReturns.compute(steps, envs, 3, rewards, nextValues, terminated, truncated, 0.99, targets);
 * }</pre>
 */
public final class NStepReturns {
    private NStepReturns() {}

    /** Fills {@code targets} ({@code steps × envs}, time-major). */
    public static void compute(int steps, int envs, int n, double[] rewards, double[] nextValues, boolean[] terminated,
            boolean[] truncated, double gamma, double[] targets) {
        if (n <= 0) {
            throw new IllegalArgumentException("n-step returns need n >= 1, got " + n);
        }
        RolloutShape.check(steps, envs, "rewards", rewards.length);
        RolloutShape.check(steps, envs, "nextValues", nextValues.length);
        RolloutShape.check(steps, envs, "terminated", terminated.length);
        RolloutShape.check(steps, envs, "truncated", truncated.length);
        RolloutShape.check(steps, envs, "targets", targets.length);
        for (int i = 0; i < envs; i++) {
            for (int t = 0; t < steps; t++) {
                double g = 0;
                double discount = 1;
                for (int j = t; ; j++) {
                    int k = j * envs + i;
                    g += discount * rewards[k];
                    discount *= gamma;
                    if (terminated[k]) {
                        break;
                    }
                    if (truncated[k] || j - t + 1 == n || j == steps - 1) {
                        g += discount * nextValues[k];
                        break;
                    }
                }
                targets[t * envs + i] = g;
            }
        }
    }
}
