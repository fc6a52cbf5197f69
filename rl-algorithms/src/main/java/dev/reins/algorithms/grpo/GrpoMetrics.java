package dev.reins.algorithms.grpo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one GRPO iteration measured.
 *
 * @param iteration 1-based iteration number
 * @param rewardMean mean episode return of the iteration's samples
 * @param rewardStd their standard deviation
 * @param zeroStdGroupFraction fraction of groups whose returns were all equal (they carry no learning signal)
 * @param referenceKl mean per-action KL to the reference (NaN when β = 0)
 * @param entropy mean per-action policy entropy
 * @param clipFraction fraction of actions whose ratio left [1 − ε, 1 + ε]
 * @param approxKl mean per-action KL between the sampling policy and the updated one
 * @param lengthMean mean episode length (completion tokens)
 * @param lengthMax longest episode
 * @param sampleActionsPerSecond actions sampled per second during rollouts
 * @param trainActionsPerSecond actions per second through scoring and optimizer steps
 * @param loss mean loss of the optimizer steps
 * @param gradNorm mean gradient norm before clipping
 * @param selfImitationNll mean negative log-likelihood per action of the episodes self-imitation replayed (NaN when
 *     none was)
 * @param selfImitationBuffer episodes in the self-imitation buffer after the iteration
 */
public record GrpoMetrics(int iteration, double rewardMean, double rewardStd, double zeroStdGroupFraction, double referenceKl,
        double entropy, double clipFraction, double approxKl, double lengthMean, int lengthMax, double sampleActionsPerSecond,
        double trainActionsPerSecond, double loss, double gradNorm, double selfImitationNll,
        int selfImitationBuffer) {

    /** The keys of {@link #asMap}, in order (metric-log columns). */
    public static java.util.List<String> names() {
        return java.util.List.copyOf(new GrpoMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).asMap().keySet());
    }

    /** Snake-case name → value, for metric logs. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("iteration", (double) iteration);
        m.put("reward_mean", rewardMean);
        m.put("reward_std", rewardStd);
        m.put("zero_std_group_fraction", zeroStdGroupFraction);
        m.put("kl", referenceKl);
        m.put("entropy", entropy);
        m.put("clip_fraction", clipFraction);
        m.put("approx_kl", approxKl);
        m.put("completion_length_mean", lengthMean);
        m.put("completion_length_max", (double) lengthMax);
        m.put("sample_tokens_per_second", sampleActionsPerSecond);
        m.put("train_tokens_per_second", trainActionsPerSecond);
        m.put("loss", loss);
        m.put("grad_norm", gradNorm);
        m.put("self_imitation_nll", selfImitationNll);
        m.put("self_imitation_buffer", (double) selfImitationBuffer);
        return m;
    }
}
