package dev.reins.llm.model;

import java.util.List;

/**
 * One teacher-forced forward pass of a {@link Transformer} over a batch, and its backward pass, computed in plain Java
 * in float64 with the matrix products in OpenBLAS ({@link Dgemm}) — the same function as the SameDiff graph of
 * {@link TransformerGraphs#teacherForced}, for models small enough that the graph's cost is its ops' fixed costs: the
 * RLVR model's SFT step ran ~330 libnd4j ops, and element-wise kernels such as tanh and its gradient took ~1 ms each
 * on a [768, 256] array. Float32 parameters are read as float64 and their gradients added back in float32.
 *
 * <p>Sequences are packed back to back (no padding): position {@code n} is token {@code index[n]} of sequence
 * {@code row[n]}; attention runs within each sequence over its positions ≤ the query's.
 *
 * <p>Usage: {@code forward(withHead)}, read {@link #scores}, {@link #hiddenStates} or {@link #lastLogits}; then, at most
 * once, {@link #backward}.
 */
final class TeacherForcedJavaPass {
    private final TransformerParameters params;
    private final TransformerConfig c;
    private final List<int[]> sequences;
    private final NextTokenDistribution distribution;
    /** Per sequence, the first position whose next token the head scores (null: every position). */
    private final int[] scoredFrom;
    private final int rows;
    private final int columns;
    private final int positions;
    private final int[] start;
    private final int[] row;
    private final int[] index;
    private final int d;
    private final int heads;
    private final int hd;
    private final int ff;
    private final double attentionScale;

    // Saved activations, per layer (what the backward pass reads; a block's input is not needed): each layer norm's
    // normalized rows (norm), 1/σ (rstd) and output after gain and bias (normed), q/k/v, attention probabilities, the
    // attended values, the MLP's pre-activation, its tanh factor and its GELU output.
    private final double[][] norm1;
    private final double[][] normed1;
    private final double[][] rstd1;
    private final double[][] qkv;
    private final double[][] attention;
    private final double[][] attended;
    private final double[][] norm2;
    private final double[][] normed2;
    private final double[][] rstd2;
    private final double[][] inner;
    private final double[][] innerTanh;
    private final double[][] activated;
    private double[] finalNorm;
    private double[] finalRstd;
    private double[] hidden;

    // The head: tempered (and truncated) logits s, the kept sets, the distribution p over them, E_p[s], and the scores.
    private double inverseTemperature = 1;
    private double[] modelLogits;
    private double[] scaled;
    private boolean[] cut;
    private double[] probabilities;
    private double[] meanScaled;
    private double[] logProbs;
    private double[] entropies;

    /** The parameters this pass read, as float64 (each converted once per pass). */
    private final java.util.Map<String, double[]> weightCache = new java.util.HashMap<>();

    /**
     * About the heap a pass over {@code positions} tokens (the longest sequence {@code columns}) holds at its peak:
     * each layer's saved activations, the head's [positions, vocab] arrays, and a layer's backward temporaries.
     */
    static long heapBytes(TransformerConfig c, long positions, int columns) {
        long perLayer = 9L * c.dModel() + 3L * c.ffDim() + (long) c.heads() * columns;
        return 8 * positions * (c.layers() * perLayer + 4L * c.vocabSize() + 3L * c.ffDim() + 6L * c.dModel());
    }

    TeacherForcedJavaPass(TransformerParameters params, List<int[]> sequences, NextTokenDistribution distribution) {
        this(params, sequences, distribution, null);
    }

    /**
     * A pass whose head scores sequence r's next tokens only from position {@code scoredFrom[r]} on (a prompt's
     * positions need no softmax when only the completion is scored); the other positions' scores are NaN.
     */
    TeacherForcedJavaPass(TransformerParameters params, List<int[]> sequences, NextTokenDistribution distribution, int[] scoredFrom) {
        this.params = params;
        this.scoredFrom = scoredFrom;
        this.c = params.config();
        this.sequences = sequences;
        this.distribution = distribution;
        this.rows = sequences.size();
        this.columns = Transformer.columns(sequences);
        this.start = new int[rows + 1];
        for (int r = 0; r < rows; r++) {
            start[r + 1] = start[r] + sequences.get(r).length;
        }
        this.positions = start[rows];
        this.row = new int[positions];
        this.index = new int[positions];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < sequences.get(r).length; i++) {
                row[start[r] + i] = r;
                index[start[r] + i] = i;
            }
        }
        this.d = c.dModel();
        this.heads = c.heads();
        this.hd = c.headDim();
        this.ff = c.ffDim();
        this.attentionScale = 1.0 / Math.sqrt(hd);
        int layers = c.layers();
        norm1 = new double[layers][];
        normed1 = new double[layers][];
        rstd1 = new double[layers][];
        qkv = new double[layers][];
        attention = new double[layers][];
        attended = new double[layers][];
        norm2 = new double[layers][];
        normed2 = new double[layers][];
        rstd2 = new double[layers][];
        inner = new double[layers][];
        innerTanh = new double[layers][];
        activated = new double[layers][];
    }

    /** Runs the blocks and the final layer norm and, when {@code withHead}, the language-model head under the distribution. */
    void forward(boolean withHead) {
        double[] x = new double[positions * d];
        double[] wte = weights("wte.weight");
        double[] wpe = weights("wpe.weight");
        for (int n = 0; n < positions; n++) {
            int token = sequences.get(row[n])[index[n]];
            for (int j = 0; j < d; j++) {
                x[n * d + j] = wte[token * d + j] + wpe[index[n] * d + j];
            }
        }
        for (int l = 0; l < c.layers(); l++) {
            x = block(l, x);
        }
        finalRstd = new double[positions];
        finalNorm = new double[positions * d];
        hidden = layerNorm(x, "ln_f", finalNorm, finalRstd);
        if (withHead) {
            head();
        }
    }

    /** Hidden states after the final layer norm, [rows, columns, d], zero past each row's end. */
    double[] hiddenStates() {
        double[] out = new double[rows * columns * d];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(hidden, start[r] * d, out, r * columns * d, sequences.get(r).length * d);
        }
        return out;
    }

    /** The model's logits after each sequence's last token, [rows, vocab]. */
    double[] lastLogits() {
        int v = c.vocabSize();
        double[] out = new double[rows * v];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(modelLogits, (start[r + 1] - 1) * v, out, r * v, v);
        }
        return out;
    }

    /** Log-probs and entropies of every next token, laid out as {@link Transformer.Scores}. */
    Transformer.Scores scores() {
        double[] lp = new double[rows * columns];
        double[] h = new double[rows * columns];
        for (int n = 0; n < positions; n++) {
            if (hasTarget(n)) {
                boolean scored = scored(n);
                lp[row[n] * columns + index[n]] = scored ? logProbs[n] : Double.NaN;
                h[row[n] * columns + index[n]] = scored ? entropies[n] : Double.NaN;
            }
        }
        return new Transformer.Scores(lp, h, rows, columns);
    }

    private boolean hasTarget(int n) {
        return index[n] + 1 < sequences.get(row[n]).length;
    }

    private boolean scored(int n) {
        return hasTarget(n) && (scoredFrom == null || index[n] >= scoredFrom[row[n]]);
    }

    private int target(int n) {
        return sequences.get(row[n])[index[n] + 1];
    }

    /** One block: pre-LN causal self-attention, then the MLP, each added to the residual stream. */
    private double[] block(int l, double[] x) {
        String p = "h." + l + ".";
        rstd1[l] = new double[positions];
        norm1[l] = new double[positions * d];
        normed1[l] = layerNorm(x, p + "ln_1", norm1[l], rstd1[l]);
        qkv[l] = linear(normed1[l], p + "attn.c_attn", d, 3 * d);
        attention[l] = new double[positions * heads * columns];
        attended[l] = new double[positions * d];
        attend(qkv[l], attention[l], attended[l]);
        double[] x1 = linear(attended[l], p + "attn.c_proj", d, d);
        for (int i = 0; i < x1.length; i++) {
            x1[i] += x[i];
        }
        rstd2[l] = new double[positions];
        norm2[l] = new double[positions * d];
        normed2[l] = layerNorm(x1, p + "ln_2", norm2[l], rstd2[l]);
        double[] u = linear(normed2[l], p + "mlp.c_fc", d, ff);
        double[] t = new double[u.length];
        double[] g = new double[u.length];
        Gelu.tanhOfInner(u, u.length, t);
        for (int i = 0; i < u.length; i++) {
            g[i] = Gelu.of(u[i], t[i]);
        }
        inner[l] = u;
        innerTanh[l] = t;
        activated[l] = g;
        double[] x2 = linear(g, p + "mlp.c_proj", ff, d);
        for (int i = 0; i < x2.length; i++) {
            x2[i] += x1[i];
        }
        return x2;
    }

    /** Causal attention of every head within each sequence; probabilities saved as [position, head, key]. */
    private void attend(double[] qkv, double[] probs, double[] out) {
        for (int n = 0; n < positions; n++) {
            int first = start[row[n]];
            int keys = index[n] + 1;
            for (int h = 0; h < heads; h++) {
                int q = n * 3 * d + h * hd;
                int pAt = (n * heads + h) * columns;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < keys; j++) {
                    int k = (first + j) * 3 * d + d + h * hd;
                    double s = 0;
                    for (int e = 0; e < hd; e++) {
                        s += qkv[q + e] * qkv[k + e];
                    }
                    s *= attentionScale;
                    probs[pAt + j] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int j = 0; j < keys; j++) {
                    double e = Math.exp(probs[pAt + j] - max);
                    probs[pAt + j] = e;
                    sum += e;
                }
                int o = n * d + h * hd;
                for (int j = 0; j < keys; j++) {
                    double pj = probs[pAt + j] / sum;
                    probs[pAt + j] = pj;
                    int v = (first + j) * 3 * d + 2 * d + h * hd;
                    for (int e = 0; e < hd; e++) {
                        out[o + e] += pj * qkv[v + e];
                    }
                }
            }
        }
    }

    /**
     * Logits, the distribution's log-normalizer, and each target's log-prob and the entropy: s = logits / T, over the
     * top-k / top-p kept set (found from the model's logits; the target always kept) when the distribution truncates.
     */
    private void head() {
        int v = c.vocabSize();
        modelLogits = new double[positions * v];
        Dgemm.multiply(hidden, false, weights(c.unembedding()), true, modelLogits, positions, v, d, 0);
        inverseTemperature = 1 / distribution.temperature();
        boolean truncates = distribution.truncates(v);
        scaled = inverseTemperature == 1 ? modelLogits : new double[positions * v];
        if (scaled != modelLogits) {
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = modelLogits[i] * inverseTemperature;
            }
        }
        cut = truncates ? new boolean[positions * v] : null;
        probabilities = new double[positions * v];
        meanScaled = new double[positions];
        logProbs = new double[positions];
        entropies = new double[positions];
        for (int n = 0; n < positions; n++) {
            if (!scored(n)) {
                continue;
            }
            int at = n * v;
            int target = target(n);
            if (truncates) {
                double[] p = distribution.probabilities(modelLogits, at, v);
                for (int j = 0; j < v; j++) {
                    cut[at + j] = !(p[j] > 0 || j == target);
                }
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) {
                if (cut == null || !cut[at + j]) {
                    max = Math.max(max, scaled[at + j]);
                }
            }
            double sum = 0;
            for (int j = 0; j < v; j++) {
                double e = cut == null || !cut[at + j] ? Math.exp(scaled[at + j] - max) : 0;
                probabilities[at + j] = e;
                sum += e;
            }
            double lse = max + Math.log(sum);
            double mean = 0;
            for (int j = 0; j < v; j++) {
                double p = probabilities[at + j] / sum;
                probabilities[at + j] = p;
                mean += p * scaled[at + j];
            }
            meanScaled[n] = mean;
            logProbs[n] = scaled[at + target] - lse;
            entropies[n] = lse - mean;
        }
    }

    /**
     * Adds to {@code into} the gradient of L = Σ logpWeights·logp + Σ entropyWeights·H + Σ hiddenGradient·hidden
     * (weights [rows, columns], hidden gradient [rows, columns, d]; either of the last two may be null; the head is
     * skipped when both weight arrays are null, as for a reward model's backbone).
     */
    void backward(double[] logpWeights, double[] entropyWeights, double[] hiddenGradient, ParameterGradients into) {
        double[] dHidden = new double[positions * d];
        if (hiddenGradient != null) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(hiddenGradient, r * columns * d, dHidden, start[r] * d, sequences.get(r).length * d);
            }
        }
        if (logpWeights != null || entropyWeights != null) {
            headBackward(logpWeights, entropyWeights, dHidden, into);
        }
        double[] dx = layerNormBackward(dHidden, "ln_f", finalNorm, finalRstd, into);
        for (int l = c.layers() - 1; l >= 0; l--) {
            dx = blockBackward(l, dx, into);
        }
        boolean tokens = into.get("wte.weight") != null;
        boolean positionsToo = into.get("wpe.weight") != null;
        if (tokens || positionsToo) {
            double[] dwte = tokens ? new double[c.vocabSize() * d] : null;
            double[] dwpe = positionsToo ? new double[c.contextLength() * d] : null;
            for (int n = 0; n < positions; n++) {
                int token = sequences.get(row[n])[index[n]];
                for (int j = 0; j < d; j++) {
                    if (dwte != null) {
                        dwte[token * d + j] += dx[n * d + j];
                    }
                    if (dwpe != null) {
                        dwpe[index[n] * d + j] += dx[n * d + j];
                    }
                }
            }
            if (tokens) {
                into.add("wte.weight", dwte);
            }
            if (positionsToo) {
                into.add("wpe.weight", dwpe);
            }
        }
    }

    /** dL/ds for each kept token, through 1/T to the logits, then to the hidden states and the unembedding. */
    private void headBackward(double[] logpWeights, double[] entropyWeights, double[] dHidden, ParameterGradients into) {
        int v = c.vocabSize();
        double[] dLogits = new double[positions * v];
        for (int n = 0; n < positions; n++) {
            if (!hasTarget(n)) {
                continue;
            }
            int w = row[n] * columns + index[n];
            double wl = logpWeights == null ? 0 : logpWeights[w];
            double wh = entropyWeights == null ? 0 : entropyWeights[w];
            if (wl == 0 && wh == 0) {
                continue;
            }
            if (!scored(n)) {
                throw new IllegalArgumentException("a loss weight at position " + index[n] + " of sequence " + row[n]
                        + ", which was not scored (scoring starts at position " + scoredFrom[row[n]] + ")");
            }
            int at = n * v;
            for (int j = 0; j < v; j++) {
                if (cut != null && cut[at + j]) {
                    continue;
                }
                double p = probabilities[at + j];
                // d logp / ds_j = 1[j = target] − p_j;  d H / ds_j = −p_j·(s_j − E_p[s]).
                dLogits[at + j] = inverseTemperature * (-wl * p - wh * p * (scaled[at + j] - meanScaled[n]));
            }
            dLogits[at + target(n)] += inverseTemperature * wl;
        }
        String u = c.unembedding();
        Dgemm.multiply(dLogits, false, weights(u), false, dHidden, positions, d, v, 1);
        if (trainable(u) && into.get(u) != null) {
            double[] dU = new double[v * d];
            Dgemm.multiply(dLogits, true, hidden, false, dU, v, d, positions, 0);
            into.add(u, dU);
        }
    }

    /** The gradient through block {@code l}, given the gradient of its output; returns that of its input. */
    private double[] blockBackward(int l, double[] dOut, ParameterGradients into) {
        String p = "h." + l + ".";
        // x2 = x1 + c_proj(gelu(c_fc(ln_2(x1))))
        double[] dActivated = linearBackward(activated[l], dOut, p + "mlp.c_proj", ff, d, into);
        double[] u = inner[l];
        double[] t = innerTanh[l];
        for (int i = 0; i < dActivated.length; i++) {
            dActivated[i] *= Gelu.derivative(u[i], t[i]);
        }
        double[] dH2 = linearBackward(normed2[l], dActivated, p + "mlp.c_fc", d, ff, into);
        double[] dX1 = layerNormBackward(dH2, p + "ln_2", norm2[l], rstd2[l], into);
        for (int i = 0; i < dX1.length; i++) {
            dX1[i] += dOut[i];
        }
        // x1 = x + c_proj(attention(c_attn(ln_1(x))))
        double[] dAttended = linearBackward(attended[l], dX1, p + "attn.c_proj", d, d, into);
        double[] dQkv = attendBackward(qkv[l], attention[l], dAttended);
        double[] dH1 = linearBackward(normed1[l], dQkv, p + "attn.c_attn", d, 3 * d, into);
        double[] dX = layerNormBackward(dH1, p + "ln_1", norm1[l], rstd1[l], into);
        for (int i = 0; i < dX.length; i++) {
            dX[i] += dX1[i];
        }
        return dX;
    }

    /** Gradient of q, k and v from that of the attended values: through a·v, the softmax and the scaled q·k. */
    private double[] attendBackward(double[] qkv, double[] probs, double[] dOut) {
        double[] dQkv = new double[positions * 3 * d];
        double[] dProbs = new double[columns];
        for (int n = 0; n < positions; n++) {
            int first = start[row[n]];
            int keys = index[n] + 1;
            for (int h = 0; h < heads; h++) {
                int pAt = (n * heads + h) * columns;
                int o = n * d + h * hd;
                double dot = 0;
                for (int j = 0; j < keys; j++) {
                    int v = (first + j) * 3 * d + 2 * d + h * hd;
                    double s = 0;
                    for (int e = 0; e < hd; e++) {
                        s += dOut[o + e] * qkv[v + e];
                        dQkv[v + e] += probs[pAt + j] * dOut[o + e];
                    }
                    dProbs[j] = s;
                    dot += probs[pAt + j] * s;
                }
                int q = n * 3 * d + h * hd;
                for (int j = 0; j < keys; j++) {
                    double dScore = probs[pAt + j] * (dProbs[j] - dot) * attentionScale;
                    int k = (first + j) * 3 * d + d + h * hd;
                    for (int e = 0; e < hd; e++) {
                        dQkv[q + e] += dScore * qkv[k + e];
                        dQkv[k + e] += dScore * qkv[q + e];
                    }
                }
            }
        }
        return dQkv;
    }

    /** x·W + b for a Conv1D module (W [in, out]). */
    private double[] linear(double[] x, String module, int in, int out) {
        double[] y = new double[positions * out];
        double[] b = weights(module + ".bias");
        for (int n = 0; n < positions; n++) {
            System.arraycopy(b, 0, y, n * out, out);
        }
        Dgemm.multiply(x, false, weights(module + ".weight"), false, y, positions, out, in, 1);
        return y;
    }

    /** Adds the weight and bias gradients of y = x·W + b to {@code into} and returns dL/dx. */
    private double[] linearBackward(double[] x, double[] dY, String module, int in, int out, ParameterGradients into) {
        if (trainable(module + ".weight")) {
            double[] dW = new double[in * out];
            Dgemm.multiply(x, true, dY, false, dW, in, out, positions, 0);
            into.add(module + ".weight", dW);
        }
        if (trainable(module + ".bias")) {
            into.add(module + ".bias", columnSums(dY, out));
        }
        double[] dX = new double[positions * in];
        Dgemm.multiply(dY, false, weights(module + ".weight"), true, dX, positions, in, out, 0);
        return dX;
    }

    /**
     * Layer norm of each position with GPT-2's ε: saves the normalized rows (before gain and bias) and 1/σ, and
     * returns normalized·gain + bias.
     */
    private double[] layerNorm(double[] x, String module, double[] normalized, double[] rstd) {
        double[] gain = weights(module + ".weight");
        double[] bias = weights(module + ".bias");
        double[] y = new double[positions * d];
        for (int n = 0; n < positions; n++) {
            int o = n * d;
            rstd[n] = LayerNorm.normalize(x, o, d, c.layerNormEpsilon(), normalized);
            for (int j = 0; j < d; j++) {
                y[o + j] = normalized[o + j] * gain[j] + bias[j];
            }
        }
        return y;
    }

    /** Adds the gain and bias gradients of a layer norm to {@code into} and returns dL/dx. */
    private double[] layerNormBackward(double[] dY, String module, double[] normalized, double[] rstd, ParameterGradients into) {
        double[] gain = weights(module + ".weight");
        if (trainable(module + ".weight")) {
            double[] dGain = new double[d];
            for (int n = 0; n < positions; n++) {
                for (int j = 0; j < d; j++) {
                    dGain[j] += dY[n * d + j] * normalized[n * d + j];
                }
            }
            into.add(module + ".weight", dGain);
        }
        if (trainable(module + ".bias")) {
            into.add(module + ".bias", columnSums(dY, d));
        }
        double[] dX = new double[positions * d];
        for (int n = 0; n < positions; n++) {
            int o = n * d;
            double meanG = 0;
            double meanGx = 0;
            for (int j = 0; j < d; j++) {
                double g = dY[o + j] * gain[j];
                meanG += g;
                meanGx += g * normalized[o + j];
            }
            meanG /= d;
            meanGx /= d;
            for (int j = 0; j < d; j++) {
                dX[o + j] = rstd[n] * (dY[o + j] * gain[j] - meanG - normalized[o + j] * meanGx);
            }
        }
        return dX;
    }

    /** Σ over positions of a [positions, width] array: a bias's gradient. */
    private double[] columnSums(double[] a, int width) {
        double[] sums = new double[width];
        for (int n = 0; n < positions; n++) {
            for (int j = 0; j < width; j++) {
                sums[j] += a[n * width + j];
            }
        }
        return sums;
    }

    private boolean trainable(String name) {
        return params.get(name).isTrainable();
    }

    /** A parameter's values as float64, read once per pass. */
    private double[] weights(String name) {
        return weightCache.computeIfAbsent(name, k -> NdArrays.toDoubles(params.get(k).value()));
    }
}
