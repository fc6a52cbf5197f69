package dev.reins.llm.model;

/**
 * Incremental decoding of a batch of rows over a KV cache: each {@link #step} feeds one token per row at the next
 * position and returns the logits for the position after it, computing only that token's queries, keys and values
 * and attending to the cached ones ({@link KvCache}: a step writes its token's key and value into their slot; the
 * cache grows by doubling, so copies are amortized). All rows advance together (row r's token at step t is at
 * position t), so rows with prompts of different lengths need no padding: a row feeds its own prompt tokens until
 * they run out and its sampled tokens after that.
 *
 * <p>Decoding is plain Java over the live parameter arrays, not a SameDiff graph: one token is a few hundred
 * small operations, and a graph call's per-operation overhead cost more than they do. The matrix products go
 * through {@link RowProducts} (Vector API for a few rows, BLAS for more); the rest — layer norms, attention over the
 * cache, GELU — is computed in float64. The logits equal the teacher-forced graph's
 * ({@link Transformer#lastLogits}) to float32 rounding for a float32 model and to 1e-10 for a float64 one. Close the
 * session when done: it frees the cache and the staging arrays it holds in native memory.
 *
 * <pre>{@code
 * try (KvCacheSession s = model.startSession(2)) {
 *     double[] logits = s.step(new int[] {bos, bos});   // [2, vocab], predicts position 1
 *     logits = s.step(new int[] {tokenA, tokenB});
 * }
 * }</pre>
 */
public final class KvCacheSession implements AutoCloseable {
    /** Scratch for GELU's tanh factors, grown to the largest MLP activation seen. */
    private double[] geluTanh = new double[0];
    private final Transformer model;
    private final TransformerParameters params;
    private final TransformerConfig config;
    private final int batch;
    private final KvCache cache;
    private final RowProducts products = new RowProducts();
    // Activations of the current step, row-major [batch, width].
    private final double[] x;
    private final double[] normed;
    private final double[] qkv;
    private final double[] attended;
    private final double[] inner;
    private final double[] scores;
    private final double[] gain;
    private final double[] shift;
    private final double[] low;
    private final double scale;
    private int position;

    KvCacheSession(Transformer model, int batch) {
        this.model = model;
        this.params = model.parameters();
        this.config = model.config();
        this.batch = batch;
        int d = config.dModel();
        this.cache = new KvCache(model.dtype(), config.layers(), batch, config.heads(), config.headDim(),
                config.contextLength());
        this.x = new double[batch * d];
        this.normed = new double[batch * d];
        this.qkv = new double[batch * 3 * d];
        this.attended = new double[batch * d];
        this.inner = new double[batch * config.ffDim()];
        this.scores = new double[config.contextLength()];
        this.gain = new double[d];
        this.shift = new double[d];
        this.low = new double[batch * (params.lora() == null ? 0 : params.lora().rank())];
        this.scale = 1.0 / Math.sqrt(config.headDim());
    }

    public int batch() {
        return batch;
    }

    /** The position the next {@link #step} writes (the number of tokens fed so far). */
    public int position() {
        return position;
    }

    /**
     * Feeds one token per row and returns the next-token logits, row-major [batch, vocab].
     *
     * @throws IllegalStateException when the context is full
     */
    public double[] step(int[] tokens) {
        if (tokens.length != batch) {
            throw new IllegalArgumentException("step needs one token per row (" + batch + "), got " + tokens.length);
        }
        int ctx = config.contextLength();
        if (position >= ctx) {
            throw new IllegalStateException("the KV cache is full: context_length " + ctx + " tokens already fed");
        }
        int d = config.dModel();
        for (int r = 0; r < batch; r++) {
            model.checkToken("row " + r, tokens[r]);
            model.embed(tokens[r], position, x, r * d);
        }
        cache.reserve(position);
        for (int l = 0; l < config.layers(); l++) {
            String p = "h." + l + ".";
            layerNorm(x, p + "ln_1", normed);
            linear(normed, p + "attn.c_attn", qkv, false);
            attend(l);
            linear(attended, p + "attn.c_proj", x, true);
            layerNorm(x, p + "ln_2", normed);
            linear(normed, p + "mlp.c_fc", inner, false);
            gelu(inner);
            linear(inner, p + "mlp.c_proj", x, true);
        }
        layerNorm(x, "ln_f", normed);
        double[] logits = new double[batch * config.vocabSize()];
        products.multiply(normed, batch, params.get(config.unembedding()).value(), true, 1.0, logits, false);
        position++;
        return logits;
    }

    /** Writes this token's keys and values into the cache, then attends each head over slots 0..position. */
    private void attend(int layer) {
        int d = config.dModel();
        int hd = config.headDim();
        int slots = position + 1;
        for (int r = 0; r < batch; r++) {
            int row = r * 3 * d;
            for (int h = 0; h < config.heads(); h++) {
                int q = row + h * hd;
                cache.write(layer, r, h, position, qkv, q + d, q + 2 * d);
                cache.scores(layer, r, h, slots, qkv, q, scale, scores);
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < slots; s++) {
                    max = Math.max(max, scores[s]);
                }
                double sum = 0;
                for (int s = 0; s < slots; s++) {
                    scores[s] = Math.exp(scores[s] - max);
                    sum += scores[s];
                }
                for (int s = 0; s < slots; s++) {
                    scores[s] /= sum;
                }
                cache.attend(layer, r, h, slots, scores, attended, r * d + h * hd);
            }
        }
    }

    /** {@code y (+)= in·W + b} for a Conv1D module, plus (α/r)·(in·Aᵀ)·Bᵀ where it has a LoRA adapter. */
    private void linear(double[] in, String module, double[] y, boolean accumulate) {
        products.multiply(in, batch, params.get(module + ".weight").value(), false, 1.0, y, accumulate);
        products.addBias(y, batch, params.get(module + ".bias").value());
        if (params.lora() != null && params.has(module + ".lora_A.weight")) {
            products.multiply(in, batch, params.get(module + ".lora_A.weight").value(), true, 1.0, low, false);
            products.multiply(low, batch, params.get(module + ".lora_B.weight").value(), true, params.lora().scale(), y, true);
        }
    }

    /** Layer norm of each row with GPT-2's ε inside the square root. */
    private void layerNorm(double[] in, String module, double[] out) {
        int d = config.dModel();
        products.read(params.get(module + ".weight").value(), gain);
        products.read(params.get(module + ".bias").value(), shift);
        for (int r = 0; r < batch; r++) {
            int o = r * d;
            LayerNorm.normalize(in, o, d, config.layerNormEpsilon(), out);
            for (int j = 0; j < d; j++) {
                out[o + j] = out[o + j] * gain[j] + shift[j];
            }
        }
    }

    /** GELU, tanh approximation ("gelu_new"), in place. */
    private void gelu(double[] u) {
        if (geluTanh.length < u.length) {
            geluTanh = new double[u.length];
        }
        Gelu.tanhOfInner(u, u.length, geluTanh);
        for (int i = 0; i < u.length; i++) {
            u[i] = Gelu.of(u[i], geluTanh[i]);
        }
    }

    /**
     * Re-arranges the cache rows: row i becomes what row {@code sources[i]} was (beam search keeps the best
     * continuations, several of which may share a parent).
     */
    public void reorder(int[] sources) {
        if (sources.length != batch) {
            throw new IllegalArgumentException("reorder needs one source row per row (" + batch + "), got " + sources.length);
        }
        for (int r : sources) {
            if (r < 0 || r >= batch) {
                throw new IllegalArgumentException("reorder source row " + r + " is outside [0, " + batch + ")");
            }
        }
        cache.reorder(sources);
    }

    /** Frees the cache and the staging arrays. */
    @Override
    public void close() {
        cache.close();
        products.close();
    }
}
