package dev.reins.llm.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds the two SameDiff graphs of a {@link Transformer}: the teacher-forced graph over a whole context window
 * (used for log-probs and gradients) and the one-token step graph that reads and extends a KV cache (used for
 * generation). Both declare the same variables, so one parameter vector drives either.
 *
 * <p>Workarounds for SameDiff 1.0.0-M2.1 defects, each covered by a test that fails if it regresses:
 * tokens enter as one-hot rows multiplied by the embedding matrix (the gradient of {@code gather} is wrong), the
 * log-softmax is taken on the last axis of a rank-2 array (the axis argument cannot be differentiated), and causal
 * attention is built from matmul + additive mask + softmax (the built-in attention ops have no causal mask).
 */
final class TransformerGraphs {
    static final String TOKENS = "tokens_one_hot";
    static final String TARGETS = "targets_one_hot";
    static final String LOGP_WEIGHTS = "logp_weights";
    static final String ENTROPY_WEIGHTS = "entropy_weights";
    static final String LOGP = "target_logp";
    static final String ENTROPY = "entropy";
    static final String LOSS = "weighted_logp_sum";
    static final String LOGITS = "logits";

    static final String STEP_TOKEN = "step_token_one_hot";
    static final String STEP_POSITION = "step_position_one_hot";
    static final String STEP_KEY_MASK = "step_key_mask";
    static final String STEP_LOGITS = "step_logits";

    /** Added to the attention score of a masked key; finite so that a fully masked (padding) row stays finite. */
    static final double MASKED = -1e9;

    private TransformerGraphs() {}

    static String cacheKeyIn(int layer) {
        return "cache_key_in" + layer;
    }

    static String cacheValueIn(int layer) {
        return "cache_value_in" + layer;
    }

    static String cacheKeyOut(int layer) {
        return "cache_key_out" + layer;
    }

    static String cacheValueOut(int layer) {
        return "cache_value_out" + layer;
    }

    /**
     * Teacher-forced graph over a full window of {@code contextLength} positions (rows shorter than the window
     * are right-padded; position i attends to positions ≤ i, so padding after a row never reaches it).
     * Inputs: tokens [B, C, V] one-hot, targets [B, C, V] one-hot (the next token; all-zero where there is none),
     * weights [B, C] for the log-probs and for the entropies. Outputs: target log-prob [B, C], entropy [B, C], and
     * the scalar Σ logp·w + Σ entropy·w_H, whose gradient is the parameter gradient of any loss whose gradient
     * with respect to the log-probs (and entropies) is w (and w_H).
     */
    static SameDiff teacherForced(TransformerParameters params, DataType dtype) {
        TransformerConfig c = params.config();
        int ctx = c.contextLength();
        int d = c.dModel();
        int v = c.vocabSize();
        SameDiff sd = SameDiff.create();
        SDVariable tokens = sd.placeHolder(TOKENS, dtype, -1, ctx, v);
        SDVariable targets = sd.placeHolder(TARGETS, dtype, -1, ctx, v);
        SDVariable logpWeights = sd.placeHolder(LOGP_WEIGHTS, dtype, -1, ctx);
        SDVariable entropyWeights = sd.placeHolder(ENTROPY_WEIGHTS, dtype, -1, ctx);
        Vars w = declare(sd, params, dtype);

        SDVariable x = tokens.reshape(-1, v).mmul(w.get("token_embedding")).reshape(-1, ctx, d)
                .add(w.get("position_embedding"));
        INDArray causal = Nd4j.zeros(dtype, 1, 1, ctx, ctx);
        for (int i = 0; i < ctx; i++) {
            for (int j = i + 1; j < ctx; j++) {
                causal.putScalar(new long[] {0, 0, i, j}, MASKED);
            }
        }
        SDVariable mask = sd.constant("causal_mask", causal);
        for (int l = 0; l < c.layers(); l++) {
            String p = "block" + l + ".";
            SDVariable h = layerNorm(sd, x, w.get(p + "ln1_gain"), w.get(p + "ln1_bias"), 2);
            SDVariable h2 = h.reshape(-1, d);
            SDVariable q = heads(linear(h2, w, p + "w_query", p + "b_query"), ctx, c).permute(0, 2, 1, 3);
            SDVariable kT = heads(linear(h2, w, p + "w_key", p + "b_key"), ctx, c).permute(0, 2, 3, 1);
            SDVariable val = heads(linear(h2, w, p + "w_value", p + "b_value"), ctx, c).permute(0, 2, 1, 3);
            SDVariable scores = q.mmul(kT).mul(1.0 / Math.sqrt(c.headDim())).add(mask);
            SDVariable attended = sd.nn.softmax(scores, -1).mmul(val).permute(0, 2, 1, 3).reshape(-1, d);
            x = x.add(linear(attended, w, p + "w_out_proj", p + "b_out_proj").reshape(-1, ctx, d));
            x = x.add(mlp(sd, layerNorm(sd, x, w.get(p + "ln2_gain"), w.get(p + "ln2_bias"), 2).reshape(-1, d), w, p)
                    .reshape(-1, ctx, d));
        }
        SDVariable logits = layerNorm(sd, x, w.get("final.ln_gain"), w.get("final.ln_bias"), 2).reshape(-1, d)
                .mmul(w.get("final.w_unembed"));
        sd.identity(LOGITS, logits);
        SDVariable logProbs = sd.nn.logSoftmax(logits); // rank 2, last axis
        SDVariable targetLogp = logProbs.mul(targets.reshape(-1, v)).sum(1).reshape(-1, ctx);
        sd.identity(LOGP, targetLogp);
        SDVariable entropy = sd.math.exp(logProbs).mul(logProbs).sum(1).neg().reshape(-1, ctx);
        sd.identity(ENTROPY, entropy);
        SDVariable loss = targetLogp.mul(logpWeights).sum().add(entropy.mul(entropyWeights).sum());
        sd.identity(LOSS, loss);
        sd.setLossVariables(LOSS);
        return sd;
    }

    /**
     * One-token step with a KV cache of {@code contextLength} slots per layer. Inputs: the token [B, V] one-hot,
     * its position [B, C] one-hot (also the cache slot it is written to), an additive key mask [B, C] (0 for slots
     * that hold a key at or before this position, {@link #MASKED} otherwise), and per layer the cached keys and
     * values [B, H, C, headDim] (zero in unwritten slots). Outputs: logits [B, V] and the caches with this token's
     * key and value written into its slot.
     */
    static SameDiff step(TransformerParameters params, DataType dtype) {
        TransformerConfig c = params.config();
        int ctx = c.contextLength();
        int d = c.dModel();
        int v = c.vocabSize();
        int nh = c.heads();
        int hd = c.headDim();
        SameDiff sd = SameDiff.create();
        SDVariable token = sd.placeHolder(STEP_TOKEN, dtype, -1, v);
        SDVariable position = sd.placeHolder(STEP_POSITION, dtype, -1, ctx);
        SDVariable keyMask = sd.placeHolder(STEP_KEY_MASK, dtype, -1, ctx).reshape(-1, 1, 1, ctx);
        Vars w = declare(sd, params, dtype);
        SDVariable slot = position.reshape(-1, 1, ctx, 1);
        SDVariable x = token.mmul(w.get("token_embedding")).add(position.mmul(w.get("position_embedding")));
        for (int l = 0; l < c.layers(); l++) {
            String p = "block" + l + ".";
            SDVariable cacheK = sd.placeHolder(cacheKeyIn(l), dtype, -1, nh, ctx, hd);
            SDVariable cacheV = sd.placeHolder(cacheValueIn(l), dtype, -1, nh, ctx, hd);
            SDVariable h = layerNorm(sd, x, w.get(p + "ln1_gain"), w.get(p + "ln1_bias"), 1);
            SDVariable q = linear(h, w, p + "w_query", p + "b_query").reshape(-1, nh, 1, hd);
            SDVariable k = linear(h, w, p + "w_key", p + "b_key").reshape(-1, nh, 1, hd);
            SDVariable val = linear(h, w, p + "w_value", p + "b_value").reshape(-1, nh, 1, hd);
            SDVariable keys = sd.identity(cacheKeyOut(l), cacheK.add(slot.mul(k)));
            SDVariable values = sd.identity(cacheValueOut(l), cacheV.add(slot.mul(val)));
            SDVariable scores = q.mmul(keys.permute(0, 1, 3, 2)).mul(1.0 / Math.sqrt(hd)).add(keyMask);
            SDVariable attended = sd.nn.softmax(scores, -1).mmul(values).reshape(-1, d);
            x = x.add(linear(attended, w, p + "w_out_proj", p + "b_out_proj"));
            x = x.add(mlp(sd, layerNorm(sd, x, w.get(p + "ln2_gain"), w.get(p + "ln2_bias"), 1), w, p));
        }
        SDVariable logits = layerNorm(sd, x, w.get("final.ln_gain"), w.get("final.ln_bias"), 1).mmul(w.get("final.w_unembed"));
        sd.identity(STEP_LOGITS, logits);
        return sd;
    }

    /** The graph's variables by parameter name. */
    record Vars(SameDiff sd) {
        SDVariable get(String name) {
            return sd.getVariable(name);
        }
    }

    private static Vars declare(SameDiff sd, TransformerParameters params, DataType dtype) {
        for (TransformerParameters.Tensor t : params.tensors()) {
            sd.var(t.name(), slice(params, t, dtype));
        }
        return new Vars(sd);
    }

    /** A fresh array holding tensor {@code t} of {@code params} in {@code dtype}. */
    static INDArray slice(TransformerParameters params, TransformerParameters.Tensor t, DataType dtype) {
        double[] data = new double[t.size()];
        System.arraycopy(params.values(), t.offset(), data, 0, t.size());
        return Nd4j.create(data, t.shape(), 'c').castTo(dtype);
    }

    private static SDVariable linear(SDVariable x, Vars w, String weight, String bias) {
        return x.mmul(w.get(weight)).add(w.get(bias));
    }

    /** [B·C, d] → [B, C, heads, headDim]. */
    private static SDVariable heads(SDVariable x, int ctx, TransformerConfig c) {
        return x.reshape(-1, ctx, c.heads(), c.headDim());
    }

    /** Layer norm over the last axis (SameDiff's fused op: one op forward, one backward). */
    private static SDVariable layerNorm(SameDiff sd, SDVariable x, SDVariable gain, SDVariable bias, int axis) {
        return sd.nn.layerNorm(x, gain, bias, false, axis);
    }

    /** GPT-2's GELU (tanh approximation) MLP. */
    private static SDVariable mlp(SameDiff sd, SDVariable h, Vars w, String p) {
        SDVariable u = linear(h, w, p + "w_mlp_in", p + "b_mlp_in");
        SDVariable inner = u.add(u.mul(u).mul(u).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
        SDVariable gelu = u.mul(0.5).mul(sd.math.tanh(inner).add(1.0));
        return linear(gelu, w, p + "w_mlp_out", p + "b_mlp_out");
    }
}
