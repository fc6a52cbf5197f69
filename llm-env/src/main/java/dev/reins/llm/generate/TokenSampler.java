package dev.reins.llm.generate;

import java.util.Arrays;
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

    /** The distribution sampling draws from: softmax(logits / T), truncated to top-k and top-p, renormalized. */
    public static double[] probabilities(double[] logits, int offset, int vocab, DecodingConfig config) {
        double t = config.temperature() == 0 ? 1 : config.temperature();
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < vocab; j++) {
            max = Math.max(max, logits[offset + j] / t);
        }
        double[] p = new double[vocab];
        double z = 0;
        for (int j = 0; j < vocab; j++) {
            p[j] = Math.exp(logits[offset + j] / t - max);
            z += p[j];
        }
        for (int j = 0; j < vocab; j++) {
            p[j] /= z;
        }
        boolean truncate = (config.topK() > 0 && config.topK() < vocab) || config.topP() < 1;
        if (!truncate) {
            return p;
        }
        Integer[] order = new Integer[vocab];
        for (int j = 0; j < vocab; j++) {
            order[j] = j;
        }
        final double[] probs = p;
        Arrays.sort(order, (a, b) -> probs[b] != probs[a] ? Double.compare(probs[b], probs[a]) : Integer.compare(a, b));
        int keep = config.topK() > 0 ? Math.min(config.topK(), vocab) : vocab;
        double cumulative = 0;
        for (int i = 0; i < keep; i++) {
            cumulative += p[order[i]];
            if (cumulative >= config.topP()) {
                keep = i + 1; // the smallest prefix reaching top_p, always at least one token
                break;
            }
        }
        double[] out = new double[vocab];
        double kept = 0;
        for (int i = 0; i < keep; i++) {
            kept += p[order[i]];
        }
        for (int i = 0; i < keep; i++) {
            out[order[i]] = p[order[i]] / kept;
        }
        return out;
    }
}
