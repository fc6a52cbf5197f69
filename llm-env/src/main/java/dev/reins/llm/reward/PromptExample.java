package dev.reins.llm.reward;

/**
 * A prompt and, for verifiable tasks, its reference answer (null when there is none, as for a reward model).
 *
 * @param prompt the text the model continues
 * @param answer the reference answer a verifier compares against, or null
 */
public record PromptExample(String prompt, String answer) {
    public PromptExample {
        if (prompt == null) {
            throw new IllegalArgumentException("a prompt example needs a prompt (got null)");
        }
    }
}
