package dev.reins.llm.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Shape of a GPT-2-style decoder-only transformer: vocabulary, context length, width, depth, heads, MLP width and
 * the layer-norm epsilon, and whether the unembedding is tied to the token embedding. Saved as Hugging Face's GPT-2
 * {@code config.json}.
 *
 * <pre>{@code
 * var tiny = new TransformerConfig(259, 16, 64, 2, 4, 256);                 // ε = 1e-5, GPT-2's
 * var gpt2Small = new TransformerConfig(50257, 1024, 768, 12, 12, 3072, 1e-5, true);
 * }</pre>
 *
 * @param vocabSize number of token ids the model reads and predicts
 * @param contextLength the longest sequence (prompt + completion) the model sees; also the size of the KV cache
 * @param dModel residual stream width; must be divisible by {@code heads}
 * @param layers number of pre-LN blocks
 * @param heads attention heads per block
 * @param ffDim hidden width of each block's GELU MLP
 * @param layerNormEpsilon added to the variance in every layer norm (null: GPT-2's 1e-5)
 * @param tieWordEmbeddings whether the logits use {@code wte.weight} (GPT-2) or a separate {@code lm_head.weight}
 *     (null: tied)
 */
public record TransformerConfig(
        @JsonProperty("vocab_size") int vocabSize,
        @JsonProperty("context_length") int contextLength,
        @JsonProperty("d_model") int dModel,
        @JsonProperty("layers") int layers,
        @JsonProperty("heads") int heads,
        @JsonProperty("ff_dim") int ffDim,
        @JsonProperty("layer_norm_epsilon") Double layerNormEpsilon,
        @JsonProperty("tie_word_embeddings") Boolean tieWordEmbeddings) implements java.io.Serializable {

    /** GPT-2's layer-norm epsilon. */
    public static final double GPT2_EPSILON = 1e-5;

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
        layerNormEpsilon = layerNormEpsilon == null ? GPT2_EPSILON : layerNormEpsilon;
        tieWordEmbeddings = tieWordEmbeddings == null || tieWordEmbeddings;
        if (!(layerNormEpsilon > 0 && layerNormEpsilon < 1)) {
            throw new IllegalArgumentException("transformer layer_norm_epsilon must be in (0, 1), got " + layerNormEpsilon);
        }
    }

    /** A config with GPT-2's layer-norm epsilon and tied embeddings. */
    public TransformerConfig(int vocabSize, int contextLength, int dModel, int layers, int heads, int ffDim) {
        this(vocabSize, contextLength, dModel, layers, heads, ffDim, GPT2_EPSILON, true);
    }

    /** The same shape with the unembedding tied to the token embedding or not. */
    public TransformerConfig withTiedEmbeddings(boolean tied) {
        return new TransformerConfig(vocabSize, contextLength, dModel, layers, heads, ffDim, layerNormEpsilon, tied);
    }

    /** The tensor the logits are computed from: {@code wte.weight} when tied, else {@code lm_head.weight}. */
    public String unembedding() {
        return tieWordEmbeddings ? "wte.weight" : "lm_head.weight";
    }

    /** Width of one attention head. */
    public int headDim() {
        return dModel / heads;
    }

    /** Number of weights (the unembedding is tied to the token embedding, as in GPT-2). */
    public long parameterCount() {
        long d = dModel;
        long block = 2 * 2 * d + d * 3 * d + 3 * d + d * d + d + d * ffDim + ffDim + ffDim * d + d;
        return (long) vocabSize * d * (tieWordEmbeddings ? 1 : 2) + (long) contextLength * d + layers * block + 2 * d;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("transformer " + name + " must be > 0, got " + value);
        }
    }
}
