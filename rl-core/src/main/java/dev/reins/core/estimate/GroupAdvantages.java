package dev.reins.core.estimate;

/**
 * GRPO's group-relative advantages: rewards come in consecutive groups of {@code groupSize} completions of the same
 * prompt, and each reward is compared with its group, {@code A = (r − mean) / (std + ε)} or, with std scaling off
 * (Dr. GRPO), {@code A = r − mean}. The standard deviation is the unbiased (n − 1) one, as TRL computes it; a group of
 * one has std 0.
 *
 * <pre>{@code
 * double[] adv = new double[rewards.length];
 * GroupAdvantages.compute(rewards, 8, true, 1e-4, adv);
 * }</pre>
 */
public final class GroupAdvantages {
    private GroupAdvantages() {}

    /** Fills {@code advantages} (same length as {@code rewards}, a multiple of {@code groupSize}). */
    public static void compute(double[] rewards, int groupSize, boolean scaleByStd, double epsilon, double[] advantages) {
        checkGroups(rewards.length, groupSize, advantages.length);
        for (int g = 0; g < rewards.length; g += groupSize) {
            double mean = 0;
            for (int j = 0; j < groupSize; j++) {
                mean += rewards[g + j];
            }
            mean /= groupSize;
            double std = 0;
            if (groupSize > 1) {
                double ss = 0;
                for (int j = 0; j < groupSize; j++) {
                    double d = rewards[g + j] - mean;
                    ss += d * d;
                }
                std = Math.sqrt(ss / (groupSize - 1));
            }
            for (int j = 0; j < groupSize; j++) {
                double centered = rewards[g + j] - mean;
                advantages[g + j] = scaleByStd ? centered / (std + epsilon) : centered;
            }
        }
    }

    static void checkGroups(int rewards, int groupSize, int out) {
        if (groupSize <= 0 || rewards % groupSize != 0) {
            throw new IllegalArgumentException(rewards + " rewards cannot be split into groups of " + groupSize);
        }
        if (out != rewards) {
            throw new IllegalArgumentException("advantages has " + out + " entries, expected " + rewards);
        }
    }
}
