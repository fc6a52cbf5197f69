package dev.reins.llm.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Shape of a decoder-only transformer: vocabulary, context length, width, depth, heads and MLP width.
 *
 * <pre>{@code
 * var config = new TransformerConfig(259, 16, 64, 2, 4, 256);
 * }</pre>
 *
 * @param vocabSize number of token ids the model reads and predicts
 * @param contextLength the longest sequence (prompt + completion) the model sees; also the size of the KV cache
 * @param dModel residual stream width; must be divisible by {@code heads}
 * @param layers number of pre-LN blocks
 * @param heads attention heads per block
 * @param ffDim hidden width of each block's GELU MLP
 */
public record TransformerConfig(
        @JsonProperty("vocab_size") int vocabSize,
        @JsonProperty("context_length") int contextLength,
        @JsonProperty("d_model") int dModel,
        @JsonProperty("layers") int layers,
        @JsonProperty("heads") int heads,
        @JsonProperty("ff_dim") int ffDim) {

    public TransformerConfig {
        positive("vocab_size", vocabSize);
        positive("context_length", contextLength);
        positive("d_model", dModel);
        positive("layers", layers);
        positive("heads", heads);
        positive("ff_dim", ffDim);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("d_model " + dModel + " must be divisible by heads " + heads);
        }
    }

    /** Width of one attention head. */
    public int headDim() {
        return dModel / heads;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("transformer " + name + " must be > 0, got " + value);
        }
    }
}
