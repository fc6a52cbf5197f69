package dev.reins.algorithms.nn;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A fully connected network in plain Java, bit-for-bit deterministic. Hidden layers share one activation; the output
 * layer is linear. Parameters and gradients are float64; the passes run in the builder's {@link Precision} (float64 by
 * default; {@link Precision#FLOAT32} computes on a float32 copy of the weights, see {@link Float32Passes}). Weights are
 * stored input-major ({@code W[i][j]} connects input i to unit j); every product goes through {@link MatMul} or
 * {@link FloatMatMul} (SIMD when the Vector API is available, bit-identical results either way).
 * Training activations are preallocated for {@link #maxBatch()} rows: forward and backward allocate nothing.
 *
 * <pre>{@code
 * Mlp q = Mlp.builder(4, 2).hidden(64, 64).activation(Activation.RELU).maxBatch(256).build(new Rng(0));
 * double[] out = new double[2];
 * q.forward(new double[] {0.1, 0, 0.02, 0}, 1, out, false);
 * }</pre>
 */
public final class Mlp implements Network {
    private final int[] sizes;
    private final Activation activation;
    private final Precision precision;
    /** The float32 passes, or null for a float64 network. */
    private final Float32Passes float32;
    private final int maxBatch;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final double[] params;
    private final double[] grads;
    /** Pre-activations z and outputs a per layer, [maxBatch × size], kept by a training forward. */
    private final double[][] z;
    private final double[][] a;
    private final double[][] delta;
    /** Scratch: each layer's weights transposed, [out × in], for the input-gradient pass. */
    private final double[][] transposed;
    /** Scratch: each layer's input activations transposed, [in × maxBatch], for the weight-gradient pass. */
    private final double[][] transposedActivations;
    private int lastBatch = -1;
    /** Forward-mode tangents per layer, allocated on the first Jacobian-vector product. */
    private double[][] tangent;

    private Mlp(int[] sizes, Activation activation, Precision precision, int maxBatch) {
        this.sizes = sizes.clone();
        this.activation = activation;
        this.precision = precision;
        this.maxBatch = maxBatch;
        int layers = sizes.length - 1;
        weightOffset = new int[layers];
        biasOffset = new int[layers];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            weightOffset[l] = offset;
            offset += sizes[l] * sizes[l + 1];
            biasOffset[l] = offset;
            offset += sizes[l + 1];
        }
        params = new double[offset];
        grads = new double[offset];
        z = new double[layers + 1][];
        a = new double[layers + 1][];
        delta = new double[layers + 1][];
        transposed = new double[layers][];
        transposedActivations = new double[layers][];
        // A float32 network keeps its activations in Float32Passes: the float64 buffers stay empty.
        int rows = precision == Precision.FLOAT64 ? maxBatch : 0;
        for (int l = 0; l < layers; l++) {
            transposed[l] = new double[rows == 0 ? 0 : sizes[l] * sizes[l + 1]];
            transposedActivations[l] = new double[sizes[l] * rows];
        }
        for (int l = 0; l <= layers; l++) {
            z[l] = new double[rows * sizes[l]];
            a[l] = new double[rows * sizes[l]];
            delta[l] = new double[rows * sizes[l]];
        }
        float32 = precision == Precision.FLOAT32 ? new Float32Passes(this.sizes, activation, maxBatch, weightOffset, biasOffset)
                : null;
    }

    /** Starts describing a network from {@code inputSize} to {@code outputSize}. */
    public static Builder builder(int inputSize, int outputSize) {
        return new Builder(inputSize, outputSize);
    }

    /** Describes an {@link Mlp}. */
    public static final class Builder {
        private final int input;
        private final int output;
        private int[] hidden = {64, 64};
        private Activation activation = Activation.TANH;
        private Initialization init = Initialization.ORTHOGONAL;
        private double hiddenGain = Math.sqrt(2);
        private double outputGain = 1.0;
        private int maxBatch = 256;
        private Precision precision = Precision.FLOAT64;

        private Builder(int input, int output) {
            this.input = input;
            this.output = output;
        }

        /** Hidden layer widths (none for a linear model). */
        public Builder hidden(int... widths) {
            this.hidden = widths.clone();
            return this;
        }

        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        /** Weight initialization, with the gains used by {@link Initialization#ORTHOGONAL} and Xavier. */
        public Builder init(Initialization i, double hiddenGain, double outputGain) {
            this.init = i;
            this.hiddenGain = hiddenGain;
            this.outputGain = outputGain;
            return this;
        }

        /** The arithmetic of the passes (float64 by default here; the algorithms' configs default to float32). */
        public Builder precision(Precision p) {
            this.precision = java.util.Objects.requireNonNull(p, "precision");
            return this;
        }

        public Builder maxBatch(int rows) {
            this.maxBatch = rows;
            return this;
        }

        public Mlp build(RandomGenerator rng) {
            if (input <= 0 || output <= 0 || maxBatch <= 0) {
                throw new IllegalArgumentException("an MLP needs input, output and maxBatch > 0, got " + input + ", " + output + ", "
                        + maxBatch);
            }
            int[] sizes = new int[hidden.length + 2];
            sizes[0] = input;
            for (int i = 0; i < hidden.length; i++) {
                if (hidden[i] <= 0) {
                    throw new IllegalArgumentException("hidden layer widths must be > 0, got " + Arrays.toString(hidden));
                }
                sizes[i + 1] = hidden[i];
            }
            sizes[sizes.length - 1] = output;
            Mlp mlp = new Mlp(sizes, activation, precision, maxBatch);
            for (int l = 0; l < sizes.length - 1; l++) {
                double gain = l == sizes.length - 2 ? outputGain : hiddenGain;
                init.fill(mlp.params, mlp.weightOffset[l], mlp.biasOffset[l], sizes[l], sizes[l + 1], gain, rng);
            }
            return mlp;
        }
    }

    /** Layer sizes from input to output. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** The hidden layers' activation (the output layer is linear). */
    public Activation activation() {
        return activation;
    }

    /** The arithmetic of the passes. */
    public Precision precision() {
        return precision;
    }

    @Override
    public int inputSize() {
        return sizes[0];
    }

    @Override
    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public void forward(double[] input, int batch, double[] output, boolean training) {
        if (batch <= 0 || batch > maxBatch) {
            throw new IllegalArgumentException("batch must be in [1, " + maxBatch + "], got " + batch);
        }
        if (input.length < batch * sizes[0] || output.length < batch * outputSize()) {
            throw new IllegalArgumentException("input holds " + input.length + " values and output " + output.length + "; a batch of "
                    + batch + " needs " + batch * sizes[0] + " and " + batch * outputSize());
        }
        lastBatch = training ? batch : -1;
        if (float32 != null) {
            float32.forward(params, input, batch, output);
            return;
        }
        System.arraycopy(input, 0, a[0], 0, batch * sizes[0]);
        int layers = sizes.length - 1;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double[] prev = a[l];
            double[] pre = z[l + 1];
            double[] post = a[l + 1];
            int w = weightOffset[l];
            int bo = biasOffset[l];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(params, bo, pre, b * out, out);
            }
            MatMul.accumulate(prev, 0, batch, in, params, w, out, pre, 0);
            Activation act = l == layers - 1 ? Activation.IDENTITY : activation;
            for (int k = 0; k < batch * out; k++) {
                post[k] = act.apply(pre[k]);
            }
        }
        System.arraycopy(a[layers], 0, output, 0, batch * outputSize());
    }

    @Override
    public void backward(double[] outputGradient, double[] inputGradient) {
        backward(outputGradient, inputGradient, true);
    }

    /**
     * The gradient with respect to the input only, {@code inputGradient = ∂L/∂x}, leaving the parameter gradients
     * untouched: about half the work of {@link #backward} when the network is only a path to its input (the critic in
     * a deterministic or reparameterized actor update).
     */
    @Override
    public void inputGradient(double[] outputGradient, double[] inputGradient) {
        backward(outputGradient, java.util.Objects.requireNonNull(inputGradient, "inputGradient"), false);
    }

    private void backward(double[] outputGradient, double[] inputGradient, boolean parameterGradients) {
        if (lastBatch < 0) {
            throw new IllegalStateException("backward() needs a preceding forward(..., training = true)");
        }
        int batch = lastBatch;
        if (float32 != null) {
            float32.backward(outputGradient, inputGradient, grads, parameterGradients, batch);
            return;
        }
        int layers = sizes.length - 1;
        System.arraycopy(outputGradient, 0, delta[layers], 0, batch * outputSize());
        for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double[] d = delta[l + 1];
            Activation act = l == layers - 1 ? Activation.IDENTITY : activation;
            if (act != Activation.IDENTITY) {
                double[] pre = z[l + 1];
                double[] post = a[l + 1];
                for (int k = 0; k < batch * out; k++) {
                    d[k] *= act.derivative(pre[k], post[k]);
                }
            }
            int w = weightOffset[l];
            if (parameterGradients) {
                int bo = biasOffset[l];
                double[] prev = a[l];
                for (int b = 0; b < batch; b++) {
                    int row = b * out;
                    for (int j = 0; j < out; j++) {
                        grads[bo + j] += d[row + j];
                    }
                }
                // dW[i, j] += Σ_b prev[b, i]·d[b, j]: prevᵀ (in × batch) times d (batch × out).
                double[] prevT = transposedActivations[l];
                for (int b = 0; b < batch; b++) {
                    for (int i = 0; i < in; i++) {
                        prevT[i * batch + b] = prev[b * in + i];
                    }
                }
                MatMul.accumulate(prevT, 0, in, batch, d, 0, out, grads, w);
            }
            if (l > 0 || inputGradient != null) {
                // dA[b, i] = Σ_j d[b, j]·W[i, j]: d (batch × out) times Wᵀ (out × in).
                double[] wt = transposed[l];
                for (int i = 0; i < in; i++) {
                    int wi = w + i * out;
                    for (int j = 0; j < out; j++) {
                        wt[j * in + i] = params[wi + j];
                    }
                }
                double[] target = l > 0 ? delta[l] : inputGradient;
                java.util.Arrays.fill(target, 0, batch * in, 0.0);
                MatMul.accumulate(d, 0, batch, out, wt, 0, in, target, 0);
            }
        }
    }

    /**
     * Forward-mode derivative: writes into {@code outputTangent} the directional derivative of the last training
     * forward's outputs along the parameter direction {@code direction} (same layout as {@link #parameters()}), i.e.
     * the Jacobian-vector product J·v that natural-gradient methods (TRPO's Fisher-vector products) need.
     */
    public void jacobianVectorProduct(double[] direction, double[] outputTangent) {
        if (lastBatch < 0) {
            throw new IllegalStateException("jacobianVectorProduct() needs a preceding forward(..., training = true)");
        }
        if (direction.length != params.length) {
            throw new IllegalArgumentException("direction has " + direction.length + " values; the network has " + params.length
                    + " parameters");
        }
        int batch = lastBatch;
        if (float32 != null) {
            float32.jacobianVectorProduct(direction, outputTangent, batch);
            return;
        }
        int layers = sizes.length - 1;
        if (tangent == null) {
            tangent = new double[layers + 1][];
            for (int l = 0; l <= layers; l++) {
                tangent[l] = new double[maxBatch * sizes[l]];
            }
        }
        java.util.Arrays.fill(tangent[0], 0, batch * sizes[0], 0.0); // inputs do not depend on θ
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            int w = weightOffset[l];
            int bo = biasOffset[l];
            double[] prev = a[l];
            double[] dPrev = tangent[l];
            double[] dNext = tangent[l + 1];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(direction, bo, dNext, b * out, out);
            }
            MatMul.accumulate(prev, 0, batch, in, direction, w, out, dNext, 0); // the weights' direction
            MatMul.accumulate(dPrev, 0, batch, in, params, w, out, dNext, 0);   // the inputs' tangent
            Activation act = l == layers - 1 ? Activation.IDENTITY : activation;
            if (act != Activation.IDENTITY) {
                double[] pre = z[l + 1];
                double[] post = a[l + 1];
                for (int k = 0; k < batch * out; k++) {
                    dNext[k] *= act.derivative(pre[k], post[k]);
                }
            }
        }
        System.arraycopy(tangent[layers], 0, outputTangent, 0, batch * outputSize());
    }

    /**
     * {@inheritDoc} A float32 network copies them again before its next pass, as the caller may write into them (so it
     * does after a {@link #backward}, which an optimizer step into a held array may follow).
     */
    @Override
    public double[] parameters() {
        if (float32 != null) {
            float32.markStale();
        }
        return params;
    }

    @Override
    public double[] gradients() {
        return grads;
    }

    @Override
    public void lastHiddenActivations(int batch, double[] out) {
        int layers = sizes.length - 1;
        if (layers < 2) {
            throw new IllegalStateException("a network without hidden layers has no hidden activations");
        }
        if (float32 != null) {
            float32.activations(layers - 1, batch, out);
        } else {
            System.arraycopy(a[layers - 1], 0, out, 0, batch * sizes[layers - 1]);
        }
    }

    /** {@inheritDoc} Float32 passes only: the float64 path is the finite-difference reference and stays serial. */
    @Override
    public void parallel(ParallelFor parallel) {
        if (float32 != null) {
            float32.parallel(parallel);
        }
    }

    @Override
    public Mlp copy() {
        Mlp copy = new Mlp(sizes, activation, precision, maxBatch);
        System.arraycopy(params, 0, copy.params, 0, params.length);
        return copy;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "params", params);
        out.putInts(prefix + "sizes", sizes);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        int[] stored = in.ints(prefix + "sizes");
        if (!Arrays.equals(stored, sizes)) {
            throw new dev.reins.core.checkpoint.CheckpointException("network '" + prefix + "' in the checkpoint has layer sizes "
                    + Arrays.toString(stored) + ", this network has " + Arrays.toString(sizes));
        }
        System.arraycopy(in.doubles(prefix + "params", params.length), 0, params, 0, params.length);
        if (float32 != null) {
            float32.markStale();
        }
    }
}
