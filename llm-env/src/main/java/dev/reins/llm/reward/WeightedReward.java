package dev.reins.llm.reward;

import java.util.List;

/**
 * Σ weight·term: combines a correctness verifier with format and length terms.
 *
 * <pre>{@code
 * new WeightedReward(List.of(new WeightedReward.Term(1.0, verifier), new WeightedReward.Term(0.2, format)));
 * }</pre>
 */
public record WeightedReward(List<Term> terms) implements RewardFunction, java.io.Serializable {
    /** One weighted component. */
    public record Term(double weight, RewardFunction function) implements java.io.Serializable {
        public Term {
            if (!Double.isFinite(weight) || function == null) {
                throw new IllegalArgumentException("a reward term needs a finite weight and a function, got " + weight + ", " + function);
            }
        }
    }

    public WeightedReward {
        if (terms == null || terms.isEmpty()) {
            throw new IllegalArgumentException("WeightedReward needs at least one term");
        }
        terms = List.copyOf(terms);
    }

    @Override
    public double reward(PromptExample example, String completion) {
        double total = 0;
        for (Term t : terms) {
            total += t.weight() * t.function().reward(example, completion);
        }
        return total;
    }
}
