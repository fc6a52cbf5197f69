package dev.reins.core.estimate;

/**
 * Discounted returns {@code G_t = r_t + γ·G_{t+1}} per env, cut at episode ends: zero after termination,
 * {@code V(final observation)} after truncation, and at the rollout's last step {@code nextValues} (pass zeros for
 * pure Monte Carlo returns of complete episodes).
 *
 * <pre>{@code
 * DiscountedReturns.compute(steps, envs, rewards, nextValues, terminated, truncated, 0.99, returns);
 * }</pre>
 */
public final class DiscountedReturns {
    private DiscountedReturns() {}

    /** Fills {@code returns}; {@code nextValues} may be null, meaning all zeros. */
    public static void compute(int steps, int envs, double[] rewards, double[] nextValues, boolean[] terminated,
            boolean[] truncated, double gamma, double[] returns) {
        RolloutShape.check(steps, envs, "rewards", rewards.length);
        RolloutShape.check(steps, envs, "terminated", terminated.length);
        RolloutShape.check(steps, envs, "truncated", truncated.length);
        RolloutShape.check(steps, envs, "returns", returns.length);
        if (nextValues != null) {
            RolloutShape.check(steps, envs, "nextValues", nextValues.length);
        }
        for (int i = 0; i < envs; i++) {
            double next = 0;
            for (int t = steps - 1; t >= 0; t--) {
                int k = t * envs + i;
                double bootstrap;
                if (terminated[k]) {
                    bootstrap = 0;
                } else if (truncated[k] || t == steps - 1) {
                    bootstrap = nextValues == null ? 0 : nextValues[k];
                } else {
                    bootstrap = next;
                }
                next = rewards[k] + gamma * bootstrap;
                returns[k] = next;
            }
        }
    }
}
