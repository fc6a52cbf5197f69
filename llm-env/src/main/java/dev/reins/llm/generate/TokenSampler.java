package dev.reins.llm.generate;

import java.util.SplittableRandom;

/**
 * Picks one token from a row of logits under a {@link DecodingConfig}: greedy, or temperature + top-k + top-p
 * sampling. Ties in greedy decoding go to the lowest id.
 */
public final class TokenSampler {
    private TokenSampler() {}

    /** The token for logits[offset, offset + vocab). */
    public static int pick(double[] logits, int offset, int vocab, DecodingConfig config, SplittableRandom rng) {
        return pick(logits, offset, vocab, config, probabilities(logits, offset, vocab, config), rng);
    }

    /**
     * The token for logits[offset, offset + vocab) when {@code p} = {@link #probabilities} of them is already at hand
     * (the generator keeps it for the chosen token's log-prob).
     */
    static int pick(double[] logits, int offset, int vocab, DecodingConfig config, double[] p, SplittableRandom rng) {
        if (config.temperature() == 0) {
            int best = 0;
            for (int j = 1; j < vocab; j++) {
                if (logits[offset + j] > logits[offset + best]) {
                    best = j;
                }
            }
            return best;
        }
        double u = rng.nextDouble();
        double cumulative = 0;
        int last = -1;
        for (int j = 0; j < vocab; j++) {
            if (p[j] > 0) {
                cumulative += p[j];
                last = j;
                if (u < cumulative) {
                    return j;
                }
            }
        }
        return last; // u fell in the rounding gap at the top
    }

    /**
     * The distribution sampling draws from: softmax(logits / T), truncated to top-k and top-p, renormalized (greedy
     * decoding's is the one at T = 1).
     */
    public static double[] probabilities(double[] logits, int offset, int vocab, DecodingConfig config) {
        return config.distribution().probabilities(logits, offset, vocab);
    }
}
