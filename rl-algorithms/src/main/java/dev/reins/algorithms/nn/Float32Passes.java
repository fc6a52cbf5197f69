package dev.reins.algorithms.nn;

/**
 * The forward, backward and Jacobian-vector passes of a {@link Precision#FLOAT32} {@link Mlp}: float32 activations
 * and products over a float32 copy of the float64 parameters, refreshed only after {@link #markStale()} or a backward
 * pass that computed parameter gradients (an optimizer step follows it, possibly into a parameter array its caller
 * holds); gradients are computed in float32 and added to the float64 accumulator. Nothing is allocated per call. A
 * layer's transposed weights are made only when a backward pass needs them (target networks, refreshed after every
 * Polyak update, never do), by cache-sized blocks (element by element, transposes cost a fifth of TD3's step); the
 * weight-gradient product reads the saved activations in place ({@link FloatMatMul#accumulateTransposed}).
 *
 * <p>Hidden layers are padded with zero units to a multiple of {@link #PAD} wide (CleanRL's DQN has 120 and 84), so
 * that every product of hidden width runs on whole SIMD vectors rather than a scalar loop over the last columns: a
 * padded unit has zero weights in and out, so its pre-activation, output and gradient are exactly zero and it adds
 * nothing (x + 0·0 = x) to any real unit.
 */
final class Float32Passes {
    /** Hidden widths are rounded up to a multiple of this: one AVX-512 vector of floats (two AVX2 vectors). */
    static final int PAD = 16;
    private final int[] sizes;
    /** Layer widths as computed: the input and output as given, the hidden layers padded. */
    private final int[] padded;
    private final Activation activation;
    /** The float64 parameters' layout (Mlp's). */
    private final int[] weightOffset;
    private final int[] biasOffset;
    /** The float32 copy's padded layout. */
    private final int[] paddedWeightOffset;
    private final int[] paddedBiasOffset;
    private final float[] weights;
    /** Each layer's weights transposed, [out × in], for the input-gradient product. */
    private final float[][] transposed;
    private final float[][] z;
    private final float[][] a;
    private final float[][] delta;
    /** One layer's weight and bias gradients of the current call, before they are added to the float64 accumulator. */
    private final float[] layerGradient;
    /** maxBatch ones: the bias gradient is 1ᵀ · δ. */
    private final float[] ones;
    private float[] direction;
    private float[][] tangent;
    private boolean stale = true;
    /** Splits large products over two threads when set (see {@link Mlp#parallel}): forward and δ rows, weight gradients beside δ. */
    private ParallelFor parallel;
    /** Multiply-adds of a layer's product below which a split costs more than it saves (~1 µs of work). */
    private static final long PARALLEL_MIN_WORK = 1 << 18;
    /** Whether layer l's {@link #transposed} weights match {@link #weights}. */
    private final boolean[] transposedFresh;

    Float32Passes(int[] sizes, Activation activation, int maxBatch, int[] weightOffset, int[] biasOffset) {
        this.sizes = sizes;
        this.activation = activation;
        this.weightOffset = weightOffset;
        this.biasOffset = biasOffset;
        int layers = sizes.length - 1;
        padded = sizes.clone();
        for (int l = 1; l < layers; l++) {
            padded[l] = (sizes[l] + PAD - 1) / PAD * PAD;
        }
        paddedWeightOffset = new int[layers];
        paddedBiasOffset = new int[layers];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            paddedWeightOffset[l] = offset;
            offset += padded[l] * padded[l + 1];
            paddedBiasOffset[l] = offset;
            offset += padded[l + 1];
        }
        weights = new float[offset]; // the padding stays zero: refresh writes only real positions
        transposed = new float[layers][];
        int widestLayer = 0;
        for (int l = 0; l < layers; l++) {
            transposed[l] = new float[padded[l] * padded[l + 1]];
            widestLayer = Math.max(widestLayer, (padded[l] + 1) * padded[l + 1]);
        }
        layerGradient = new float[widestLayer];
        ones = new float[maxBatch];
        java.util.Arrays.fill(ones, 1f);
        transposedFresh = new boolean[layers];
        z = new float[layers + 1][];
        a = new float[layers + 1][];
        delta = new float[layers + 1][];
        for (int l = 0; l <= layers; l++) {
            z[l] = new float[maxBatch * padded[l]];
            a[l] = new float[maxBatch * padded[l]];
            delta[l] = new float[maxBatch * padded[l]];
        }
    }

    /** Layer l's activations of the last forward, without the padding, into {@code out} ({@code [batch × sizes[l]]}). */
    void activations(int l, int batch, double[] out) {
        int width = sizes[l];
        int stride = padded[l];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < width; j++) {
                out[b * width + j] = a[l][b * stride + j];
            }
        }
    }

    void parallel(ParallelFor parallel) {
        this.parallel = parallel;
    }

    /** The float64 parameters may have changed: the next pass copies them again. */
    void markStale() {
        stale = true;
    }

    private void refresh(double[] params) {
        if (!stale) {
            return;
        }
        toPadded(params, weights);
        java.util.Arrays.fill(transposedFresh, false);
        stale = false;
    }

    /** Layer l's weights transposed, [out × in], made from the current float32 copy if they are not yet. */
    private float[] transposedWeights(int l) {
        if (!transposedFresh[l]) {
            transpose(weights, paddedWeightOffset[l], padded[l], padded[l + 1], transposed[l]);
            transposedFresh[l] = true;
        }
        return transposed[l];
    }

    /** {@code to[j·rows + i] = from[off + i·cols + j]}, in square blocks so that both sides stay in cache. */
    private static void transpose(float[] from, int off, int rows, int cols, float[] to) {
        final int block = 16;
        for (int i0 = 0; i0 < rows; i0 += block) {
            int iEnd = Math.min(rows, i0 + block);
            for (int j0 = 0; j0 < cols; j0 += block) {
                int jEnd = Math.min(cols, j0 + block);
                for (int i = i0; i < iEnd; i++) {
                    int src = off + i * cols;
                    for (int j = j0; j < jEnd; j++) {
                        to[j * rows + i] = from[src + j];
                    }
                }
            }
        }
    }

    /** Rounds a vector in the float64 parameters' layout into the padded float32 layout (the padding stays as it is: zero). */
    private void toPadded(double[] flat, float[] into) {
        for (int l = 0; l < sizes.length - 1; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            int pout = padded[l + 1];
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    into[paddedWeightOffset[l] + i * pout + j] = (float) flat[weightOffset[l] + i * out + j];
                }
            }
            for (int j = 0; j < out; j++) {
                into[paddedBiasOffset[l] + j] = (float) flat[biasOffset[l] + j];
            }
        }
    }

    void forward(double[] params, double[] input, int batch, double[] output) {
        refresh(params);
        float[] x = a[0];
        for (int k = 0; k < batch * sizes[0]; k++) {
            x[k] = (float) input[k];
        }
        int layers = sizes.length - 1;
        for (int l = 0; l < layers; l++) {
            int in = padded[l];
            int out = padded[l + 1];
            float[] pre = z[l + 1];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(weights, paddedBiasOffset[l], pre, b * out, out);
            }
            accumulateRows(a[l], batch, in, weights, paddedWeightOffset[l], out, pre);
            FloatActivations.forward(l == layers - 1 ? Activation.IDENTITY : activation, pre, a[l + 1], batch * out);
        }
        float[] y = a[layers];
        for (int k = 0; k < batch * sizes[layers]; k++) {
            output[k] = y[k];
        }
    }

    /**
     * Backward through the last training forward of {@code batch} rows (see {@link Mlp#backward}); with parameter
     * gradients, the float32 copy is refreshed before the next pass.
     */
    void backward(double[] outputGradient, double[] inputGradient, double[] grads, boolean parameterGradients, int batch) {
        if (parameterGradients) {
            stale = true; // read below only through the transposed weights and saved activations of the forward pass
        }
        int layers = sizes.length - 1;
        float[] top = delta[layers];
        for (int k = 0; k < batch * sizes[layers]; k++) {
            top[k] = (float) outputGradient[k];
        }
        for (int l = layers - 1; l >= 0; l--) {
            int out = padded[l + 1];
            FloatActivations.backward(l == layers - 1 ? Activation.IDENTITY : activation, z[l + 1], a[l + 1], delta[l + 1], batch * out);
            boolean propagate = l > 0 || inputGradient != null;
            int layer = l;
            // The weight gradient and the gradient of the layer below read the same δ and write different arrays: with a
            // helper they run side by side, each computed exactly as alone (no bit depends on the thread count).
            if (parameterGradients && propagate && parallel != null && (long) batch * padded[l] * out >= PARALLEL_MIN_WORK) {
                parallel.run(2, part -> {
                    if (part == 0) {
                        propagate(layer, batch, inputGradient);
                    } else {
                        accumulateParameterGradients(layer, batch, grads);
                    }
                });
                continue;
            }
            if (parameterGradients) {
                accumulateParameterGradients(l, batch, grads);
            }
            if (propagate) {
                propagate(l, batch, inputGradient);
            }
        }
    }

    /**
     * {@code c[rows × n] += a[rows × k] · m}; with a helper and enough work, the rows in two halves side by side (each
     * element is accumulated exactly as in one call, so no bit depends on the split).
     */
    private void accumulateRows(float[] a, int rows, int k, float[] m, int mOff, int n, float[] c) {
        if (parallel == null || rows < 16 || (long) rows * k * n < PARALLEL_MIN_WORK) {
            FloatMatMul.accumulate(a, 0, rows, k, m, mOff, n, c, 0);
            return;
        }
        int half = (rows / 2 + 7) & ~7; // whole 8-row blocks on the first side
        parallel.run(2, part -> {
            if (part == 0) {
                FloatMatMul.accumulate(a, 0, half, k, m, mOff, n, c, 0);
            } else {
                FloatMatMul.accumulate(a, half * k, rows - half, k, m, mOff, n, c, half * n);
            }
        });
    }

    /** dW = prevᵀ (in × batch) · δ (batch × out), then the bias gradient Σ_b δ[b, ·], in float; then added into float64. */
    private void accumulateParameterGradients(int l, int batch, double[] grads) {
        int in = padded[l];
        int out = padded[l + 1];
        float[] d = delta[l + 1];
        int weightCount = in * out;
        java.util.Arrays.fill(layerGradient, 0, weightCount + out, 0f);
        FloatMatMul.accumulateTransposed(a[l], 0, in, in, batch, d, 0, out, layerGradient, 0);
        // Σ_b d[b, ·] as the product 1ᵀ · d: fma(1, x, s) rounds as s + x does, in the same order of b, and runs on SIMD
        // lanes (the plain loop did not vectorize and cost 6 % of DQN's step).
        FloatMatMul.accumulate(ones, 0, 1, batch, d, 0, out, layerGradient, weightCount);
        // Only the real units' gradients leave: the padding's are zero and have no parameter.
        int realIn = sizes[l];
        int realOut = sizes[l + 1];
        int w = weightOffset[l];
        for (int i = 0; i < realIn; i++) {
            for (int j = 0; j < realOut; j++) {
                grads[w + i * realOut + j] += layerGradient[i * out + j];
            }
        }
        int bo = biasOffset[l];
        for (int j = 0; j < realOut; j++) {
            grads[bo + j] += layerGradient[weightCount + j];
        }
    }

    /** δ of layer l's input, δ_{l+1} · W_lᵀ (before the activation's derivative); for l = 0 into {@code inputGradient}. */
    private void propagate(int l, int batch, double[] inputGradient) {
        int in = padded[l];
        int out = padded[l + 1];
        float[] target = delta[l];
        java.util.Arrays.fill(target, 0, batch * in, 0f);
        accumulateRows(delta[l + 1], batch, out, transposedWeights(l), 0, in, target);
        if (l == 0) {
            for (int k = 0; k < batch * in; k++) {
                inputGradient[k] = target[k];
            }
        }
    }

    /** J·v of the last training forward's outputs along the parameter direction v (see {@link Mlp#jacobianVectorProduct}). */
    void jacobianVectorProduct(double[] directionIn, double[] outputTangent, int batch) {
        int layers = sizes.length - 1;
        if (tangent == null) {
            direction = new float[weights.length]; // padded layout; the padding stays zero
            tangent = new float[layers + 1][];
            for (int l = 0; l <= layers; l++) {
                tangent[l] = new float[z[l].length];
            }
        }
        toPadded(directionIn, direction);
        java.util.Arrays.fill(tangent[0], 0, batch * sizes[0], 0f);
        for (int l = 0; l < layers; l++) {
            int in = padded[l];
            int out = padded[l + 1];
            float[] next = tangent[l + 1];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(direction, paddedBiasOffset[l], next, b * out, out);
            }
            FloatMatMul.accumulate(a[l], 0, batch, in, direction, paddedWeightOffset[l], out, next, 0);
            FloatMatMul.accumulate(tangent[l], 0, batch, in, weights, paddedWeightOffset[l], out, next, 0);
            FloatActivations.backward(l == layers - 1 ? Activation.IDENTITY : activation, z[l + 1], a[l + 1], next, batch * out);
        }
        float[] y = tangent[layers];
        for (int k = 0; k < batch * sizes[layers]; k++) {
            outputTangent[k] = y[k];
        }
    }
}
