package dev.reins.llm.data;

/**
 * One supervised example: the model learns to write {@code completion} (then end-of-text) after {@code prompt}.
 */
public record PromptCompletion(String prompt, String completion) implements SftExample {
    public PromptCompletion {
        if (prompt == null || completion == null) {
            throw new IllegalArgumentException("an SFT example needs both prompt and completion");
        }
    }
}
