package dev.reins.llm.search;

import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.RewardModel;
import java.util.List;

/**
 * Each request as its own forward pass (one search on one thread).
 *
 * @param policy the policy
 * @param valueModel the process reward model, or null when the search uses none
 */
public record DirectModelCalls(LanguageModel policy, RewardModel valueModel) implements ModelCalls {
    @Override
    public double[] policyLogits(int[] sequence) {
        return policy.transformer().lastLogits(List.of(sequence));
    }

    @Override
    public double valueScore(int[] sequence) {
        if (valueModel == null) {
            throw new IllegalStateException("this search has no process reward model");
        }
        return valueModel.forward(List.of(sequence)).rewards()[0];
    }
}
