package dev.reins.core.space;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.random.RandomGenerator;

/**
 * Sequences of token ids, each in {@code [0, vocabSize)}, of length {@code 0..maxLength}: the observation space of
 * language-model environments (the tokens so far).
 *
 * <pre>{@code
 * TokenSequenceSpace space = new TokenSequenceSpace(256, 64);
 * space.contains(new int[] {72, 105});   // true
 * }</pre>
 */
public final class TokenSequenceSpace implements Space<int[]> {
    private final int vocabSize;
    private final int maxLength;

    /** Sequences over a vocabulary of {@code vocabSize} tokens, at most {@code maxLength} long. */
    public TokenSequenceSpace(int vocabSize, int maxLength) {
        if (vocabSize <= 0 || maxLength <= 0) {
            throw new IllegalArgumentException("TokenSequenceSpace needs vocabSize > 0 and maxLength > 0, got vocabSize="
                    + vocabSize + ", maxLength=" + maxLength);
        }
        this.vocabSize = vocabSize;
        this.maxLength = maxLength;
    }

    /** The number of distinct tokens. */
    public int vocabSize() {
        return vocabSize;
    }

    /** The longest allowed sequence. */
    public int maxLength() {
        return maxLength;
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof int[] x) || x.length > maxLength) {
            return false;
        }
        for (int token : x) {
            if (token < 0 || token >= vocabSize) {
                return false;
            }
        }
        return true;
    }

    /** A sequence of uniform length in {@code [0, maxLength]} with uniform tokens. */
    @Override
    public int[] sample(RandomGenerator rng) {
        int[] x = new int[rng.nextInt(maxLength + 1)];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(vocabSize);
        }
        return x;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = SpaceJson.object("TokenSequence");
        node.put("vocab_size", vocabSize);
        node.put("max_length", maxLength);
        return node;
    }

    @Override
    public String toString() {
        return "TokenSequence(vocab=" + vocabSize + ", maxLength=" + maxLength + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenSequenceSpace t && t.vocabSize == vocabSize && t.maxLength == maxLength;
    }

    @Override
    public int hashCode() {
        return 31 * vocabSize + maxLength;
    }
}
