package dev.reins.llm.generate;

import dev.reins.llm.model.NextTokenDistribution;
import java.util.Arrays;

/**
 * How to pick tokens: temperature 0 is greedy; otherwise logits are divided by the temperature, restricted to the
 * {@code topK} most likely tokens (0 = all) and to the smallest set whose probability reaches {@code topP}
 * (1 = all), and sampled. Generation stops at any of {@code stopTokens} or after {@code maxNewTokens}.
 *
 * <pre>{@code
 * DecodingConfig greedy = DecodingConfig.greedy(8, eos);
 * DecodingConfig sampling = new DecodingConfig(8, 1.0, 0, 0.95, new int[] {eos});
 * }</pre>
 */
public record DecodingConfig(int maxNewTokens, double temperature, int topK, double topP, int[] stopTokens)
        implements java.io.Serializable {
    public DecodingConfig {
        if (maxNewTokens <= 0) {
            throw new IllegalArgumentException("max_new_tokens must be > 0, got " + maxNewTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0 (0 = greedy), got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top_k must be >= 0 (0 = no limit), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
        stopTokens = stopTokens == null ? new int[0] : stopTokens.clone();
    }

    public static DecodingConfig greedy(int maxNewTokens, int... stopTokens) {
        return new DecodingConfig(maxNewTokens, 0, 0, 1, stopTokens);
    }

    /** Plain sampling from the model's distribution (temperature 1, no truncation): what RL trains on. */
    public static DecodingConfig sampling(int maxNewTokens, int... stopTokens) {
        return new DecodingConfig(maxNewTokens, 1, 0, 1, stopTokens);
    }

    /**
     * The distribution this config samples from (at temperature 1 when greedy), under which GRPO scores what was
     * sampled.
     */
    public NextTokenDistribution distribution() {
        return new NextTokenDistribution(temperature == 0 ? 1 : temperature, topK, topP);
    }

    public boolean isStop(int token) {
        for (int s : stopTokens) {
            if (s == token) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodingConfig d && d.maxNewTokens == maxNewTokens && d.temperature == temperature && d.topK == topK
                && d.topP == topP && Arrays.equals(d.stopTokens, stopTokens);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(stopTokens) + 31 * Double.hashCode(temperature) + 17 * maxNewTokens;
    }

    @Override
    public String toString() {
        return "DecodingConfig[max_new_tokens=" + maxNewTokens + ", temperature=" + temperature + ", top_k=" + topK + ", top_p="
                + topP + ", stop=" + Arrays.toString(stopTokens) + "]";
    }
}
