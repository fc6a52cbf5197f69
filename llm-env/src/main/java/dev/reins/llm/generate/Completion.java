package dev.reins.llm.generate;

/**
 * One generated continuation.
 *
 * @param tokens the new tokens, the stop token included when there was one
 * @param stopped whether generation ended at a stop token (false: it ran out of max_new_tokens or context)
 */
public record Completion(int[] tokens, boolean stopped) {
    /** The new tokens without the final stop token. */
    public int[] contentTokens() {
        return stopped ? java.util.Arrays.copyOf(tokens, tokens.length - 1) : tokens.clone();
    }
}
