package dev.reins.algorithms.nn;

import dev.reins.core.checkpoint.CheckpointException;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import java.util.Arrays;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Deeplearning4j network as a {@link Network}, so that a DL4J model — a convolutional policy, a network from a
 * model zoo — trains under every algorithm that takes a {@code Network}. DL4J computes the passes; the algorithm's
 * loss gradient is fed into DL4J's backpropagation and the algorithm's optimizer steps the flat parameters, exactly as
 * for {@link Mlp}. DL4J's own updater, loss and output layer are not used.
 *
 * <pre>{@code
 * MultiLayerNetwork dl4j = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
 *         .layer(new DenseLayer.Builder().nIn(4).nOut(64).activation(Activation.TANH).build())
 *         .layer(new DenseLayer.Builder().nIn(64).nOut(2).activation(Activation.IDENTITY).build())
 *         .build());
 * dl4j.init();
 * Network net = Dl4jNetwork.of(dl4j);      // then as any Network: forward, backward, parameters(), gradients()
 * }</pre>
 *
 * <p>The network must end in a layer that backpropagates a given gradient (e.g. a {@code DenseLayer} with the identity
 * activation), not in an {@code OutputLayer}, whose backward derives its gradient from its own labels and loss. The
 * flat parameters are a float64 copy of DL4J's parameter view, written back before the next pass after
 * {@link #parameters()} is called or a backward ran (the same protocol as a float32 {@link Mlp}). A network with
 * dropout draws its masks from ND4J's global random generator: such runs are not reproducible bit for bit.
 */
public final class Dl4jNetwork implements Network {
    /** What the adapter needs of a MultiLayerNetwork or a single-input, single-output ComputationGraph. */
    private sealed interface Model permits Layered, Graph {
        /** The wrapped network, through the interface MultiLayerNetwork and ComputationGraph share. */
        org.deeplearning4j.nn.api.Model dl4j();

        default INDArray params() {
            return dl4j().params();
        }

        default INDArray gradientView() {
            return dl4j().getGradientsViewArray();
        }

        /** Training forward keeping activations for {@link #backward}; inference otherwise. */
        INDArray forward(INDArray input, boolean training);

        /** Fills the gradient view; returns dLoss/dInput, or null when the model cannot give it. */
        INDArray backward(INDArray outputGradient);

        Model copy();

        long inputSize();

        long outputSize();

        String describe();
    }

    private record Layered(MultiLayerNetwork net) implements Model {
        public org.deeplearning4j.nn.api.Model dl4j() {
            return net;
        }

        public INDArray forward(INDArray input, boolean training) {
            if (!training) {
                return net.output(input, false);
            }
            net.setInput(input);
            java.util.List<INDArray> activations = net.feedForward(true, false);
            return activations.get(activations.size() - 1);
        }

        public INDArray backward(INDArray outputGradient) {
            Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> p = net.backpropGradient(outputGradient,
                    LayerWorkspaceMgr.noWorkspaces());
            return p.getSecond();
        }

        public Model copy() {
            MultiLayerNetwork c = net.clone();
            c.initGradientsView();
            return new Layered(c);
        }

        public long inputSize() {
            return net.layerInputSize(0);
        }

        public long outputSize() {
            return net.layerSize(net.getnLayers() - 1);
        }

        public String describe() {
            return "MultiLayerNetwork";
        }
    }

    private record Graph(ComputationGraph net, long inputSize, long outputSize) implements Model {
        public org.deeplearning4j.nn.api.Model dl4j() {
            return net;
        }

        public INDArray forward(INDArray input, boolean training) {
            if (!training) {
                return net.outputSingle(false, input);
            }
            java.util.Map<String, INDArray> activations = net.feedForward(new INDArray[] {input}, true, false); // keep inputs
            return activations.get(net.getConfiguration().getNetworkOutputs().get(0));
        }

        public INDArray backward(INDArray outputGradient) {
            net.backpropGradient(outputGradient);
            return null; // DL4J 1.0.0-M2.1's ComputationGraph does not hand out the input's gradient
        }

        public Model copy() {
            ComputationGraph c = net.clone();
            c.initGradientsView();
            return new Graph(c, inputSize, outputSize);
        }

        public String describe() {
            return "ComputationGraph";
        }
    }

    private final Model model;
    private final DataType dataType;
    private final int inputSize;
    private final int outputSize;
    private final double[] params;
    private final double[] grads;
    /** The flat parameters may have been written since DL4J's copy was last refreshed. */
    private boolean stale;
    /** Rows of the last training forward (what backward differentiates), or -1. */
    private int lastBatch = -1;

    private Dl4jNetwork(Model model) {
        this.model = model;
        this.dataType = model.params().dataType();
        this.inputSize = Math.toIntExact(model.inputSize());
        this.outputSize = Math.toIntExact(model.outputSize());
        this.params = model.params().castTo(DataType.DOUBLE).toDoubleVector();
        this.grads = new double[params.length];
    }

    /**
     * Wraps an initialized {@link MultiLayerNetwork} (its parameters become the flat parameters).
     *
     * @throws IllegalArgumentException when it ends in an output layer
     */
    public static Dl4jNetwork of(MultiLayerNetwork net) {
        refuseOutputLayer(net.getOutputLayer(), "network");
        net.initGradientsView();
        return new Dl4jNetwork(new Layered(net));
    }

    /**
     * Wraps an initialized {@link ComputationGraph} with one input and one output. Its passes and parameter gradients
     * work as a MultiLayerNetwork's; DL4J does not expose the gradient with respect to its input, so a backward that
     * asks for one (a DDPG/TD3/SAC critic's action gradient) throws.
     *
     * @param inputSize the width of the input rows (a graph's configuration does not always state it)
     */
    public static Dl4jNetwork of(ComputationGraph net, int inputSize) {
        if (net.getNumInputArrays() != 1 || net.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("a DL4J ComputationGraph as a Network needs one input and one output, got "
                    + net.getNumInputArrays() + " and " + net.getNumOutputArrays());
        }
        refuseOutputLayer(net.getOutputLayer(0), "graph");
        net.initGradientsView();
        INDArray probe = net.outputSingle(false, Nd4j.zeros(net.params().dataType(), 1, inputSize));
        return new Dl4jNetwork(new Graph(net, inputSize, probe.size(1)));
    }

    /** An output layer backpropagates its own loss from its labels, never the gradient the algorithm gives. */
    private static void refuseOutputLayer(org.deeplearning4j.nn.api.Layer last, String kind) {
        if (last instanceof IOutputLayer) {
            throw new IllegalArgumentException("the DL4J " + kind + " ends in an output layer (" + last.getClass().getSimpleName()
                    + "), which backpropagates its own loss, not the algorithm's gradient; end it with a DenseLayer with the "
                    + "identity activation instead");
        }
    }

    /**
     * A DL4J MultiLayerNetwork with {@code mlp}'s architecture (dense layers, the hidden activation, a linear output)
     * and a copy of its weights, in {@code dataType}: what {@code network_backend: dl4j} builds for an algorithm's
     * MLP, so both backends start from the same initialization.
     */
    public static Dl4jNetwork copyOf(Mlp mlp, DataType dataType) {
        int[] sizes = mlp.sizes();
        var list = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().dataType(dataType)
                .trainingWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE)
                .inferenceWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE).list();
        for (int l = 0; l + 1 < sizes.length; l++) {
            boolean last = l + 2 == sizes.length;
            list.layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(sizes[l]).nOut(sizes[l + 1])
                    .activation(last ? org.nd4j.linalg.activations.Activation.IDENTITY : dl4jActivation(mlp.activation())).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        double[] p = mlp.parameters();
        int offset = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            // Mlp stores W input-major, [in × out] row-major: the shape DL4J's dense layers use.
            INDArray w = Nd4j.create(Arrays.copyOfRange(p, offset, offset + in * out), new long[] {in, out}, 'c').castTo(dataType);
            offset += in * out;
            INDArray b = Nd4j.create(Arrays.copyOfRange(p, offset, offset + out), new long[] {1, out}, 'c').castTo(dataType);
            offset += out;
            net.getLayer(l).setParam("W", w);
            net.getLayer(l).setParam("b", b);
        }
        return of(net);
    }

    private static org.nd4j.linalg.activations.Activation dl4jActivation(Activation a) {
        return switch (a) {
            case IDENTITY -> org.nd4j.linalg.activations.Activation.IDENTITY;
            case TANH -> org.nd4j.linalg.activations.Activation.TANH;
            case RELU -> org.nd4j.linalg.activations.Activation.RELU;
        };
    }

    /** The DL4J data type the passes run in (FLOAT or DOUBLE). */
    public DataType dataType() {
        return dataType;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    @Override
    public int maxBatch() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void forward(double[] input, int batch, double[] output, boolean training) {
        refresh();
        INDArray y = model.forward(rows(input, batch, inputSize), training);
        lastBatch = training ? batch : lastBatch;
        copyOut(y, output);
    }

    @Override
    public void backward(double[] outputGradient, double[] inputGradient) {
        if (lastBatch < 0) {
            throw new IllegalStateException("backward() needs a preceding forward(..., training = true)");
        }
        int batch = lastBatch; // the arrays may be longer than the batch (algorithms size them for their largest)
        INDArray inputEps = model.backward(rows(outputGradient, batch, outputSize));
        double[] g = model.gradientView().castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < g.length; i++) {
            grads[i] += g[i];
        }
        stale = true; // optimizers step the parameter array right after a backward
        if (inputGradient != null) {
            if (inputEps == null) {
                throw new UnsupportedOperationException("a DL4J " + model.describe() + " does not give the gradient with "
                        + "respect to its input; use a MultiLayerNetwork where an algorithm needs it");
            }
            copyOut(inputEps, inputGradient);
        }
    }

    /** The first {@code rows × width} values of {@code flat} as a DL4J matrix in this network's data type. */
    private INDArray rows(double[] flat, int rows, int width) {
        return Nd4j.create(Arrays.copyOf(flat, rows * width), new long[] {rows, width}, 'c').castTo(dataType);
    }

    /** A DL4J matrix's values, row-major, into the start of {@code out}. */
    private static void copyOut(INDArray matrix, double[] out) {
        double[] flat = matrix.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        System.arraycopy(flat, 0, out, 0, flat.length);
    }

    @Override
    public double[] parameters() {
        stale = true;
        return params;
    }

    @Override
    public double[] gradients() {
        return grads;
    }

    @Override
    public Network copy() {
        refresh();
        return new Dl4jNetwork(model.copy());
    }

    /** Writes the flat parameters into DL4J's parameter view if they may have changed. */
    private void refresh() {
        if (stale) {
            model.params().assign(Nd4j.createFromArray(params).castTo(dataType).reshape(model.params().shape()));
            stale = false;
        }
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "params", params);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        if (in.has(prefix + "sizes")) { // Mlp writes its layer sizes; its weights are laid out row-major, DL4J's are not
            throw new CheckpointException("network '" + prefix + "' in the checkpoint was written by the plain-Java Mlp "
                    + "(network_backend: java); this network is DL4J's, whose parameter layout differs");
        }
        int[] shape = in.shape(prefix + "params");
        if (shape.length != 1 || shape[0] != params.length) {
            throw new CheckpointException("DL4J network '" + prefix + "' in the checkpoint has " + Arrays.toString(shape)
                    + " parameters, this network has " + params.length);
        }
        System.arraycopy(in.doubles(prefix + "params", params.length), 0, params, 0, params.length);
        stale = true;
    }
}
