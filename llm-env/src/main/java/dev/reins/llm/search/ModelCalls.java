package dev.reins.llm.search;

/**
 * The forward passes a search asks for: the policy's next-token logits after a sequence, and the process reward
 * model's score of a sequence. {@link DirectModelCalls} runs each at once; {@link LockstepSearches} gathers the
 * requests of many searches into batches.
 */
public interface ModelCalls {
    /** The policy's next-token logits after {@code sequence} (prompt and completion tokens). */
    double[] policyLogits(int[] sequence);

    /** The process reward model's score (a logit) of {@code sequence}. */
    double valueScore(int[] sequence);
}
