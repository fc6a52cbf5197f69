package dev.reins.core.estimate;

/**
 * Generalized advantage estimation (Schulman et al., 2016):
 * {@code δ_t = r_t + γ·(1 − terminated_t)·V(s_{t+1}) − V(s_t)} and
 * {@code A_t = δ_t + γλ·(1 − ended_t)·A_{t+1}}, where {@code ended = terminated || truncated}; the value targets are
 * {@code A_t + V(s_t)}. A truncated step still bootstraps from its final observation's value.
 *
 * <pre>{@code
 * GeneralizedAdvantageEstimator.compute(steps, envs, rewards, values, nextValues, terminated, truncated,
 *         0.99, 0.95, advantages, returns);
 * }</pre>
 */
public final class GeneralizedAdvantageEstimator {
    private GeneralizedAdvantageEstimator() {}

    /**
     * Fills {@code advantages} and {@code returns} (both {@code steps × envs}, time-major).
     *
     * @param values V(s_t) for each step's observation
     * @param nextValues V of the observation each step returned (see the package doc)
     */
    public static void compute(int steps, int envs, double[] rewards, double[] values, double[] nextValues,
            boolean[] terminated, boolean[] truncated, double gamma, double lambda, double[] advantages, double[] returns) {
        RolloutShape.check(steps, envs, "rewards", rewards.length);
        RolloutShape.check(steps, envs, "values", values.length);
        RolloutShape.check(steps, envs, "nextValues", nextValues.length);
        RolloutShape.check(steps, envs, "terminated", terminated.length);
        RolloutShape.check(steps, envs, "truncated", truncated.length);
        RolloutShape.check(steps, envs, "advantages", advantages.length);
        RolloutShape.check(steps, envs, "returns", returns.length);
        for (int i = 0; i < envs; i++) {
            double next = 0;
            for (int t = steps - 1; t >= 0; t--) {
                int k = t * envs + i;
                double bootstrap = terminated[k] ? 0 : nextValues[k];
                double delta = rewards[k] + gamma * bootstrap - values[k];
                boolean ended = terminated[k] || truncated[k];
                next = delta + (ended ? 0 : gamma * lambda * next);
                advantages[k] = next;
                returns[k] = next + values[k];
            }
        }
    }
}
