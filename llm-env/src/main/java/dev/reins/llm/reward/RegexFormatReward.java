package dev.reins.llm.reward;

import java.util.regex.Pattern;

/**
 * {@code reward} when the completion matches {@code pattern} (anywhere: anchor it with ^…$ to demand the whole
 * text), else 0. Typical use: reward answering in the required shape, e.g. {@code "^\\d+$"} or
 * {@code "<answer>.*</answer>"}.
 *
 * <pre>{@code
 * new RegexFormatReward("^-?\\d+$").reward(example, "85");   // 1.0
 * }</pre>
 */
public record RegexFormatReward(Pattern pattern, double rewardIfMatched) implements RewardFunction, java.io.Serializable {
    public RegexFormatReward(String regex) {
        this(Pattern.compile(regex, Pattern.DOTALL), 1.0);
    }

    public RegexFormatReward {
        if (pattern == null || !Double.isFinite(rewardIfMatched)) {
            throw new IllegalArgumentException("RegexFormatReward needs a pattern and a finite reward, got " + pattern + ", "
                    + rewardIfMatched);
        }
    }

    @Override
    public double reward(PromptExample example, String completion) {
        return pattern.matcher(completion).find() ? rewardIfMatched : 0.0;
    }
}
