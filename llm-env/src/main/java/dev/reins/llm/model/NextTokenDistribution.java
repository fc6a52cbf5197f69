package dev.reins.llm.model;

import java.util.Arrays;

/**
 * The distribution a sampler draws the next token from: softmax(logits / temperature), restricted to the
 * {@code topK} most likely tokens (0 = all) and then to the smallest set whose probability reaches {@code topP}
 * (1 = all), renormalized. Generation samples from it, and GRPO scores the sampled tokens under it, so the importance
 * ratio, the KL and the entropy are those of the distribution that actually sampled (TRL divides the logits by the
 * temperature when it scores).
 *
 * <pre>{@code
 * NextTokenDistribution d = new NextTokenDistribution(0.7, 50, 0.95);
 * double[] p = d.probabilities(logits, 0, vocab);       // zero outside the kept set
 * Transformer.Scores s = model.score(sequences, d);     // log-probs under d
 * }</pre>
 *
 * @param temperature divides the logits (&gt; 0)
 * @param topK tokens kept by probability rank (0 = no limit)
 * @param topP nucleus mass in (0, 1] (1 = no limit)
 */
public record NextTokenDistribution(double temperature, int topK, double topP) {
    /** The model's own distribution: temperature 1, nothing truncated. */
    public static final NextTokenDistribution MODEL = new NextTokenDistribution(1, 0, 1);

    public NextTokenDistribution {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0 for a distribution to sample from, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top_k must be >= 0 (0 = no limit), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
    }

    /** True when some tokens can be cut off (top-k or top-p is active for a vocabulary of {@code vocab}). */
    public boolean truncates(int vocab) {
        return (topK > 0 && topK < vocab) || topP < 1;
    }

    /** True for the model's own distribution (temperature 1, no truncation). */
    public boolean isModel(int vocab) {
        return temperature == 1 && !truncates(vocab);
    }

    /** The probabilities of the tokens for logits[offset, offset + vocab): zero outside the kept set. */
    public double[] probabilities(double[] logits, int offset, int vocab) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < vocab; j++) {
            max = Math.max(max, logits[offset + j] / temperature);
        }
        double[] p = new double[vocab];
        double z = 0;
        for (int j = 0; j < vocab; j++) {
            p[j] = Math.exp(logits[offset + j] / temperature - max);
            z += p[j];
        }
        for (int j = 0; j < vocab; j++) {
            p[j] /= z;
        }
        if (!truncates(vocab)) {
            return p;
        }
        Integer[] order = new Integer[vocab];
        for (int j = 0; j < vocab; j++) {
            order[j] = j;
        }
        final double[] probs = p;
        Arrays.sort(order, (a, b) -> probs[b] != probs[a] ? Double.compare(probs[b], probs[a]) : Integer.compare(a, b));
        int keep = topK > 0 ? Math.min(topK, vocab) : vocab;
        double cumulative = 0;
        for (int i = 0; i < keep; i++) {
            cumulative += p[order[i]];
            if (cumulative >= topP) {
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
