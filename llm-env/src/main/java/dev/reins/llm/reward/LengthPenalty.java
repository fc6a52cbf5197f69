package dev.reins.llm.reward;

/**
 * −{@code perCharacter} × (characters beyond {@code freeCharacters}): discourages rambling without touching
 * completions within the allowance.
 *
 * <pre>{@code
 * new LengthPenalty(10, 0.01).reward(example, "x".repeat(30));   // -0.2
 * }</pre>
 */
public record LengthPenalty(int freeCharacters, double perCharacter) implements RewardFunction, java.io.Serializable {
    public LengthPenalty {
        if (freeCharacters < 0 || !(perCharacter >= 0)) {
            throw new IllegalArgumentException("LengthPenalty needs free_characters >= 0 and per_character >= 0, got "
                    + freeCharacters + ", " + perCharacter);
        }
    }

    @Override
    public double reward(PromptExample example, String completion) {
        int excess = completion.codePointCount(0, completion.length()) - freeCharacters;
        return excess > 0 ? -perCharacter * excess : 0.0;
    }
}
