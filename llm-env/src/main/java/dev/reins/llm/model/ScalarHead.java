package dev.reins.llm.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A linear map from a hidden state to one number, {@code w·h (+ b)}: a reward model's score (Hugging Face's
 * {@code score.weight}, no bias) or a critic's value ({@code v_head}, with bias). It reads hidden states laid out as
 * {@link Transformer#hiddenStates} returns them, and turns a derivative with respect to its outputs into its own
 * gradient and a gradient with respect to the hidden states (which {@link Transformer#backwardThroughHidden} takes).
 *
 * <pre>{@code
 * ScalarHead value = ScalarHead.create("v_head", d, true, seed, DataType.FLOAT);
 * double v = value.apply(hidden, (row * columns + position) * d);
 * }</pre>
 */
public final class ScalarHead {
    private final Parameter weight;
    private final Parameter bias;

    /** A head over {@code weight [1, d]} and an optional {@code bias [1]}. */
    public ScalarHead(Parameter weight, Parameter bias) {
        if (weight.shape().length != 2 || weight.shape()[0] != 1) {
            throw new IllegalArgumentException("a scalar head's weight '" + weight.name() + "' must be [1, d], got "
                    + java.util.Arrays.toString(weight.shape()));
        }
        this.weight = weight;
        this.bias = bias;
    }

    /** A fresh head named {@code name.weight} (and {@code name.bias}), weights uniform in ±1/√d as PyTorch's nn.Linear. */
    public static ScalarHead create(String name, int d, boolean withBias, long seed, DataType dtype) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[d];
        for (int i = 0; i < d; i++) {
            w[i] = (2 * rng.nextDouble() - 1) / Math.sqrt(d);
        }
        Parameter weight = new Parameter(name + ".weight", NdArrays.create(w, new long[] {1, d}, dtype));
        Parameter bias = withBias ? new Parameter(name + ".bias", NdArrays.create(new double[1], new long[] {1}, dtype)) : null;
        return new ScalarHead(weight, bias);
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when the head has none. */
    public Parameter bias() {
        return bias;
    }

    /** The head's tensors (weight, then bias if any). */
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        out.add(weight);
        if (bias != null) {
            out.add(bias);
        }
        return out;
    }

    /** An independent copy under the same names. */
    public ScalarHead copy() {
        return new ScalarHead(new Parameter(weight.name(), weight.value().dup('c')),
                bias == null ? null : new Parameter(bias.name(), bias.value().dup('c')));
    }

    public int dModel() {
        return (int) weight.shape()[1];
    }

    /** The head's weights as doubles, for a batch of {@link #apply} calls. */
    public double[] weights() {
        return NdArrays.toDoubles(weight.value());
    }

    private double biasValue() {
        return bias == null ? 0 : bias.value().getDouble(0);
    }

    /** w·h + b for the hidden state at {@code hidden[offset .. offset + d)}. */
    public double apply(double[] w, double[] hidden, int offset) {
        double sum = biasValue();
        for (int j = 0; j < w.length; j++) {
            sum += w[j] * hidden[offset + j];
        }
        return sum;
    }

    /** Gradients of Σ dOut·(w·h + b), accumulated by {@link #backward} calls and then added to a gradient buffer. */
    public final class Gradient {
        private final double[] w;
        private final double[] dWeight;
        private double dBias;

        private Gradient() {
            this.w = weights();
            this.dWeight = new double[w.length];
        }

        /** Adds dOut·h to the head's gradient and dOut·w to {@code hiddenGradient[offset .. offset + d)}. */
        public void backward(double dOut, double[] hidden, int hiddenOffset, double[] hiddenGradient, int gradientOffset) {
            for (int j = 0; j < w.length; j++) {
                dWeight[j] += dOut * hidden[hiddenOffset + j];
                hiddenGradient[gradientOffset + j] += dOut * w[j];
            }
            dBias += dOut;
        }

        /** Adds the accumulated head gradient to {@code into} (for each of the head's tensors that has a buffer there). */
        public void addTo(ParameterGradients into) {
            if (into.get(weight.name()) != null) {
                INDArray g = NdArrays.create(dWeight, new long[] {1, w.length}, weight.value().dataType());
                into.add(weight.name(), g);
                NdArrays.close(g);
            }
            if (bias != null && into.get(bias.name()) != null) {
                INDArray g = NdArrays.create(new double[] {dBias}, new long[] {1}, bias.value().dataType());
                into.add(bias.name(), g);
                NdArrays.close(g);
            }
        }
    }

    /** A fresh gradient accumulator at the current weights. */
    public Gradient gradient() {
        return new Gradient();
    }
}
