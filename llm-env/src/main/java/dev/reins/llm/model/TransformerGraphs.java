package dev.reins.llm.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds the SameDiff graphs of a {@link Transformer}: the teacher-forced graph over a padded batch of a given width
 * (log-probs, entropies, hidden states, and the gradient of a loss given through its gradients with respect to
 * those), and the pieces gradient checkpointing runs one at a time. Every graph declares the model's
 * {@link Parameter} arrays as its variables — the same arrays, not copies — so an optimizer's in-place update is
 * seen by every graph at once.
 *
 * <p>Token and position embeddings are looked up outside the graphs and fed in as {@code input_embeddings}; the
 * gradient with respect to that input is scatter-added into the embedding gradients by {@link Transformer}. The
 * target token's logit is likewise fed its unembedding row ({@code target_rows}). Workarounds for SameDiff
 * 1.0.0-M2.1 defects, each covered by a test that fails if it regresses:
 * <ul>
 *   <li>the gradient of {@code gather} is wrong, so no gather is in any graph (embedding rows go in as inputs);</li>
 *   <li>the built-in attention has no causal mask: attention is built from matmul + additive mask + softmax;</li>
 *   <li>the fused layer norm has no epsilon: layer norm is built from mean and variance with GPT-2's ε;</li>
 *   <li>{@code logSoftmax(x, dim)} is not differentiable: log-softmax is taken over the last axis of a rank-2 array.</li>
 * </ul>
 */
final class TransformerGraphs {
    static final String INPUT = "input_embeddings";
    static final String TARGET_ROWS = "target_rows";
    static final String LOGP_WEIGHTS = "logp_weights";
    static final String ENTROPY_WEIGHTS = "entropy_weights";
    static final String HIDDEN_GRADIENT = "hidden_gradient";
    static final String LOGP = "logp";
    static final String ENTROPY = "entropy";
    static final String HIDDEN = "hidden";
    static final String LOGITS = "logits";
    static final String LOSS = "loss";
    static final String INVERSE_TEMPERATURE = "inverse_temperature";
    static final String BLOCK = "block.";
    static final String BLOCK_OUTPUT = "block_output";
    static final String OUTPUT_GRADIENT = "output_gradient";
    static final String LOGIT_MASK = "logit_mask";

    /** Added to the attention score of a masked key; finite so that a fully masked row stays finite. */
    static final double MASKED = -1e9;

    private TransformerGraphs() {}

    /** Which next-token distribution a teacher-forced graph scores under. */
    enum Head {
        /** The model's softmax (temperature 1, every token). */
        MODEL,
        /** softmax(logits · inverse_temperature): a sampler's temperature. */
        TEMPERED,
        /** softmax(logits · inverse_temperature + logit_mask): temperature plus a top-k / top-p kept set. */
        TRUNCATED
    }

    /**
     * Teacher-forced graph over {@code width} positions (rows are right-padded to it; position i attends to
     * positions ≤ i, so padding after a row's end never reaches it). Inputs: embeddings [B, W, d] (token + position),
     * the unembedding rows of each position's target token [B, W, d], weights [B, W] for log-probs and entropies,
     * and a gradient [B, W, d] for the hidden states. Outputs: target log-prob [B, W], entropy [B, W], hidden states
     * after the final layer norm [B, W, d], logits [B·W, V], and the scalar
     * Σ w·logp + Σ w_H·H + Σ G_h ⊙ hidden, whose gradient is the parameter gradient of any loss with those partial
     * derivatives (a policy loss through its log-probs, a value or reward head through the hidden states). Under
     * {@link Head#TEMPERED} and {@link Head#TRUNCATED} log-probs, entropies and logits are those of the sampler's
     * distribution (extra inputs: {@code inverse_temperature} [1, 1] and, truncated, an additive {@code logit_mask}
     * [B·W, V] of 0 for kept tokens and {@link #MASKED} for cut ones).
     */
    static SameDiff teacherForced(TransformerParameters params, int width, Head head) {
        return teacherForced(params, width, head, false);
    }

    /**
     * The teacher-forced graph, or ({@code afterBlocks}) its part after the blocks: {@code input_embeddings} is then
     * the last block's output and the graph is the final layer norm and the head — what gradient checkpointing runs
     * once the blocks have been run one at a time ({@link #block}).
     */
    static SameDiff teacherForced(TransformerParameters params, int width, Head head, boolean afterBlocks) {
        SameDiff sd = SameDiff.create();
        SDVariable hidden = afterBlocks ? finalNorm(sd, params, width) : backbone(sd, params, width);
        TransformerConfig c = params.config();
        DataType dtype = params.dtype();
        int d = c.dModel();
        SDVariable targetRows = sd.placeHolder(TARGET_ROWS, dtype, -1, width, d);
        SDVariable logpWeights = sd.placeHolder(LOGP_WEIGHTS, dtype, -1, width);
        SDVariable entropyWeights = sd.placeHolder(ENTROPY_WEIGHTS, dtype, -1, width);
        SDVariable hiddenGradient = sd.placeHolder(HIDDEN_GRADIENT, dtype, -1, width, d);
        SDVariable logits = sd.mmul(hidden, sd.var(c.unembedding(), params.get(c.unembedding()).value()), false, true, false);
        SDVariable targetLogit = hidden.mul(targetRows.reshape(-1, d)).sum(true, 1);
        SDVariable targetLogp;
        SDVariable entropy;
        if (head == Head.MODEL) {
            sd.identity(LOGITS, logits);
            SDVariable logProbs = sd.nn.logSoftmax(logits); // rank 2, last axis
            // log p(target) = target logit − logsumexp; logsumexp = logit − log-softmax of any column (column 0).
            SDVariable logNormalizer = logits.get(org.nd4j.autodiff.samediff.SDIndex.all(), org.nd4j.autodiff.samediff.SDIndex.interval(0, 1))
                    .sub(logProbs.get(org.nd4j.autodiff.samediff.SDIndex.all(), org.nd4j.autodiff.samediff.SDIndex.interval(0, 1)));
            targetLogp = targetLogit.sub(logNormalizer).reshape(-1, width);
            entropy = sd.math.exp(logProbs).mul(logProbs).sum(1).neg().reshape(-1, width);
        } else {
            // Column 0 of a masked row can be −1e9, where logit − log-softmax cancels catastrophically: the log
            // normalizer is built as max + log Σ exp(logit − max) instead, and the entropy as lse − Σ p·logit.
            SDVariable inverseTemperature = sd.placeHolder(INVERSE_TEMPERATURE, dtype, 1, 1);
            SDVariable scaled = logits.mul(inverseTemperature);
            if (head == Head.TRUNCATED) {
                scaled = scaled.add(sd.placeHolder(LOGIT_MASK, dtype, -1, c.vocabSize()));
            }
            sd.identity(LOGITS, scaled);
            SDVariable max = scaled.max(true, 1);
            SDVariable logNormalizer = sd.math.log(sd.math.exp(scaled.sub(max)).sum(true, 1)).add(max);
            targetLogp = targetLogit.mul(inverseTemperature).sub(logNormalizer).reshape(-1, width);
            SDVariable p = sd.math.exp(scaled.sub(logNormalizer));
            entropy = logNormalizer.reshape(-1).sub(p.mul(scaled).sum(1)).reshape(-1, width);
        }
        sd.identity(LOGP, targetLogp);
        sd.identity(ENTROPY, entropy);
        SDVariable loss = targetLogp.mul(logpWeights).sum()
                .add(entropy.mul(entropyWeights).sum())
                .add(hidden.mul(hiddenGradient.reshape(-1, d)).sum());
        sd.identity(LOSS, loss);
        sd.setLossVariables(LOSS);
        return sd;
    }

    /**
     * The teacher-forced graph without the language-model head: inputs the embeddings [B, W, d] and a gradient
     * [B, W, d] for the hidden states; outputs the hidden states and the scalar Σ G_h ⊙ hidden. What a reward model
     * or a critic on its own backbone trains through — no [B·W, V] logits are computed.
     */
    static SameDiff hiddenOnly(TransformerParameters params, int width) {
        SameDiff sd = SameDiff.create();
        SDVariable hidden = backbone(sd, params, width);
        SDVariable hiddenGradient = sd.placeHolder(HIDDEN_GRADIENT, params.dtype(), -1, width, params.config().dModel());
        sd.identity(LOSS, hidden.mul(hiddenGradient.reshape(-1, params.config().dModel())).sum());
        sd.setLossVariables(LOSS);
        return sd;
    }

    /**
     * The blocks and the final layer norm over {@code width} positions: declares the {@code input_embeddings}
     * placeholder and every block and final-norm tensor, outputs {@code hidden} [B, W, d] and returns the hidden
     * states as [B·W, d].
     */
    private static SDVariable backbone(SameDiff sd, TransformerParameters params, int width) {
        TransformerConfig c = params.config();
        DataType dtype = params.dtype();
        int d = c.dModel();
        SDVariable input = sd.placeHolder(INPUT, dtype, -1, width, d);
        Vars w = declare(sd, params, name -> name.startsWith("h.") || name.startsWith("ln_f."));
        SDVariable mask = causalMask(sd, dtype, width);
        SDVariable x = input.reshape(-1, d);
        for (int l = 0; l < c.layers(); l++) {
            x = blockBody(sd, x, w, "h." + l + ".", c, width, mask);
        }
        SDVariable hidden = layerNorm(x, w, "ln_f", c.layerNormEpsilon());
        sd.identity(HIDDEN, hidden.reshape(-1, width, d));
        return hidden;
    }

    /** The final layer norm over {@code input_embeddings} (here the last block's output), as [B·W, d]. */
    private static SDVariable finalNorm(SameDiff sd, TransformerParameters params, int width) {
        TransformerConfig c = params.config();
        int d = c.dModel();
        SDVariable input = sd.placeHolder(INPUT, params.dtype(), -1, width, d);
        Vars w = declare(sd, params, name -> name.startsWith("ln_f."));
        SDVariable hidden = layerNorm(input.reshape(-1, d), w, "ln_f", c.layerNormEpsilon());
        sd.identity(HIDDEN, hidden.reshape(-1, width, d));
        return hidden;
    }

    /**
     * One transformer block over {@code width} positions, with its weights as placeholders named {@link #BLOCK} +
     * the layer-relative name ({@code block.attn.c_attn.weight}, LoRA adapters included), so one graph serves every
     * layer: the caller feeds layer l's own arrays. Inputs: the block's input [B, W, d] ({@code input_embeddings}) and
     * a gradient [B, W, d] for its output; outputs {@code block_output} and the scalar Σ G ⊙ output, whose gradient
     * with respect to the input and the weight placeholders is one step of a checkpointed backward pass.
     */
    static SameDiff block(TransformerParameters params, int width) {
        TransformerConfig c = params.config();
        DataType dtype = params.dtype();
        int d = c.dModel();
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.placeHolder(INPUT, dtype, -1, width, d);
        for (String name : blockTensorNames(params)) {
            sd.placeHolder(BLOCK + name, dtype, params.get("h.0." + name).value().shape());
        }
        SDVariable y = blockBody(sd, input.reshape(-1, d), new Vars(sd, params.lora()), BLOCK, c, width, causalMask(sd, dtype, width));
        sd.identity(BLOCK_OUTPUT, y.reshape(-1, width, d));
        SDVariable outputGradient = sd.placeHolder(OUTPUT_GRADIENT, dtype, -1, width, d);
        sd.identity(LOSS, y.mul(outputGradient.reshape(-1, d)).sum());
        sd.setLossVariables(LOSS);
        return sd;
    }

    /** The layer-relative names of one block's tensors ({@code ln_1.weight}, ..., adapters included), from layer 0. */
    static java.util.List<String> blockTensorNames(TransformerParameters params) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Parameter p : params.all()) {
            if (p.name().startsWith("h.0.")) {
                names.add(p.name().substring("h.0.".length()));
            }
        }
        return names;
    }

    /** The additive causal mask [1, 1, W, W]: 0 on and below the diagonal, {@link #MASKED} above. */
    private static SDVariable causalMask(SameDiff sd, DataType dtype, int width) {
        INDArray causal = Nd4j.zeros(dtype, 1, 1, width, width);
        for (int i = 0; i < width; i++) {
            for (int j = i + 1; j < width; j++) {
                causal.putScalar(new long[] {0, 0, i, j}, MASKED);
            }
        }
        return sd.constant("causal_mask", causal);
    }

    /** One GPT-2 block on x [B·W, d] with the tensors named {@code prefix} + layer-relative name: pre-LN attention, then MLP. */
    private static SDVariable blockBody(SameDiff sd, SDVariable x, Vars w, String p, TransformerConfig c, int width, SDVariable mask) {
        int d = c.dModel();
        SDVariable h = layerNorm(x, w, p + "ln_1", c.layerNormEpsilon());
        // [B·W, 3d] → [3, B, H, W, hd]: q, k and v of every head, GPT-2's fused c_attn split by position.
        SDVariable qkv = linear(h, w, p + "attn.c_attn").reshape(-1, width, 3, c.heads(), c.headDim()).permute(2, 0, 3, 1, 4);
        SDVariable[] parts = sd.unstack(qkv, 0, 3);
        SDVariable scores = parts[0].mmul(parts[1].permute(0, 1, 3, 2)).mul(1.0 / Math.sqrt(c.headDim())).add(mask);
        SDVariable attended = sd.nn.softmax(scores, -1).mmul(parts[2]).permute(0, 2, 1, 3).reshape(-1, d);
        x = x.add(linear(attended, w, p + "attn.c_proj"));
        return x.add(mlp(sd, layerNorm(x, w, p + "ln_2", c.layerNormEpsilon()), w, p));
    }

    /** The graph's variables by parameter name, and the adapters' configuration (null: none). */
    record Vars(SameDiff sd, LoraConfig lora) {
        SDVariable get(String name) {
            return sd.getVariable(name);
        }
    }

    /** Declares the parameters the graph uses ({@code used}); embeddings are looked up outside every graph. */
    private static Vars declare(SameDiff sd, TransformerParameters params, java.util.function.Predicate<String> used) {
        for (Parameter p : params.all()) {
            if (used.test(p.name())) {
                sd.var(p.name(), p.value()); // the parameter's own array: updates in place reach the graph
            }
        }
        return new Vars(sd, params.lora());
    }

    /** x·W + b with GPT-2's Conv1D layout (W is [in, out]), plus (α/r)·(x·Aᵀ)·Bᵀ where the module has an adapter. */
    private static SDVariable linear(SDVariable x, Vars w, String module) {
        SDVariable y = x.mmul(w.get(module + ".weight")).add(w.get(module + ".bias"));
        if (w.lora() != null && w.sd().hasVariable(module + ".lora_A.weight")) {
            SameDiff sd = w.sd();
            SDVariable low = sd.mmul(x, w.get(module + ".lora_A.weight"), false, true, false);
            y = y.add(sd.mmul(low, w.get(module + ".lora_B.weight"), false, true, false).mul(w.lora().scale()));
        }
        return y;
    }

    /** Layer norm over the last axis of a rank-2 array, with GPT-2's ε inside the square root. */
    private static SDVariable layerNorm(SDVariable x, Vars w, String module, double epsilon) {
        SDVariable centered = x.sub(x.mean(true, 1));
        SDVariable variance = centered.mul(centered).mean(true, 1);
        SDVariable normalized = centered.div(x.getSameDiff().math.sqrt(variance.add(epsilon)));
        return normalized.mul(w.get(module + ".weight")).add(w.get(module + ".bias"));
    }

    /** GPT-2's MLP: c_fc, GELU (tanh approximation, "gelu_new"), c_proj. */
    private static SDVariable mlp(SameDiff sd, SDVariable h, Vars w, String p) {
        SDVariable u = linear(h, w, p + "mlp.c_fc");
        SDVariable inner = u.add(u.mul(u).mul(u).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
        SDVariable gelu = u.mul(0.5).mul(sd.math.tanh(inner).add(1.0));
        return linear(gelu, w, p + "mlp.c_proj");
    }
}
