package dev.reins.llm.search;

/**
 * A process-reward training example: a prompt and part (or all) of a completion as tokens, and the share of the
 * policy's completions from there that reached the right answer.
 *
 * @param tokens the prompt's tokens, then the completion's so far
 * @param label in [0, 1]; for a finished completion, 1 if it is right and 0 if not
 */
public record LabelledPrefix(int[] tokens, double label) {}
