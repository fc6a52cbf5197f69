package dev.reins.core.estimate;

/**
 * RLOO's advantages: each completion's baseline is the mean reward of the other completions of the same prompt,
 * {@code A_i = r_i − (Σ_j r_j − r_i) / (k − 1)}; an unbiased baseline that does not depend on the sample itself.
 *
 * <pre>{@code
 * LeaveOneOutBaseline.compute(rewards, 4, advantages);
 * }</pre>
 */
public final class LeaveOneOutBaseline {
    private LeaveOneOutBaseline() {}

    /** Fills {@code advantages}; groups are consecutive runs of {@code groupSize ≥ 2} rewards. */
    public static void compute(double[] rewards, int groupSize, double[] advantages) {
        if (groupSize < 2) {
            throw new IllegalArgumentException("a leave-one-out baseline needs groups of at least 2, got " + groupSize);
        }
        GroupAdvantages.checkGroups(rewards.length, groupSize, advantages.length);
        for (int g = 0; g < rewards.length; g += groupSize) {
            double sum = 0;
            for (int j = 0; j < groupSize; j++) {
                sum += rewards[g + j];
            }
            for (int j = 0; j < groupSize; j++) {
                advantages[g + j] = rewards[g + j] - (sum - rewards[g + j]) / (groupSize - 1);
            }
        }
    }
}
