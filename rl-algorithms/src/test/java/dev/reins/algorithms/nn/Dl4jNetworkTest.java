package dev.reins.algorithms.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.random.Rng;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The DL4J adapter: same function and gradients as the plain-Java MLP it copies, finite differences, the sync protocol. */
class Dl4jNetworkTest {
    private static final int BATCH = 5;

    private static Mlp mlp(Activation activation) {
        return Mlp.builder(3, 2).hidden(7, 6).activation(activation).maxBatch(BATCH).build(new Rng(4));
    }

    private static double[] input(int rows, int width, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[rows * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    /** Mlp's flat index of every DL4J flat parameter: DL4J stores each W column-major ("f" order), Mlp row-major. */
    private static int[] mlpIndexOfDl4j(int[] sizes) {
        int total = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            total += sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        int[] map = new int[total];
        int offset = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            for (int j = 0; j < out; j++) {
                for (int i = 0; i < in; i++) {
                    map[offset + j * in + i] = offset + i * out + j;
                }
            }
            offset += in * out;
            for (int j = 0; j < out; j++) {
                map[offset + j] = offset + j;
            }
            offset += out;
        }
        return map;
    }

    @Test
    void aCopyOfAnMlpComputesTheSameFunctionAndGradients() {
        for (Activation activation : new Activation[] {Activation.TANH, Activation.RELU}) {
            Mlp java = mlp(activation);
            Dl4jNetwork dl4j = Dl4jNetwork.copyOf(java, DataType.DOUBLE);
            int[] map = mlpIndexOfDl4j(java.sizes());
            double[] p = dl4j.parameters();
            for (int k = 0; k < p.length; k++) {
                assertEquals(java.parameters()[map[k]], p[k], 0.0, "parameter " + k);
            }
            double[] x = input(BATCH, 3, 1);
            double[] dy = input(BATCH, 2, 2);
            double[] yJava = new double[BATCH * 2];
            double[] yDl4j = new double[BATCH * 2];
            java.forward(x, BATCH, yJava, true);
            dl4j.forward(x, BATCH, yDl4j, true);
            assertArrayEquals(yJava, yDl4j, 1e-12, activation + " outputs");
            double[] gxJava = new double[x.length];
            double[] gxDl4j = new double[x.length];
            java.zeroGradients();
            java.backward(dy, gxJava);
            dl4j.backward(dy, gxDl4j);
            assertArrayEquals(gxJava, gxDl4j, 1e-12, activation + " input gradients");
            for (int k = 0; k < p.length; k++) {
                assertEquals(java.gradients()[map[k]], dl4j.gradients()[k], 1e-12, activation + " parameter gradient " + k);
            }
            // backward accumulates, as Network's contract says, over the rows of the last training forward even when the
            // arrays are longer (algorithms size them for their largest batch)
            dl4j.forward(Arrays.copyOf(x, 4 * BATCH * 3), BATCH, Arrays.copyOf(yDl4j, 4 * BATCH * 2), true);
            dl4j.backward(Arrays.copyOf(dy, 4 * BATCH * 2), null);
            for (int k = 0; k < p.length; k++) {
                assertEquals(2 * java.gradients()[map[k]], dl4j.gradients()[k], 1e-12);
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesOfTheDl4jForward() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(3).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(org.nd4j.linalg.activations.Activation.SIGMOID).build())
                .layer(new DenseLayer.Builder().nIn(5).nOut(3).activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                .build());
        net.init();
        checkFiniteDifferences(Dl4jNetwork.of(net), true);

        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(5)
                .graphBuilder().addInputs("in")
                .addLayer("h", new DenseLayer.Builder().nIn(4).nOut(5).activation(org.nd4j.linalg.activations.Activation.TANH).build(),
                        "in")
                .addLayer("out", new DenseLayer.Builder().nIn(5).nOut(3).activation(org.nd4j.linalg.activations.Activation.IDENTITY)
                        .build(), "h")
                .setOutputs("out").build());
        graph.init();
        Dl4jNetwork g = Dl4jNetwork.of(graph, 4);
        assertEquals(3, g.outputSize());
        checkFiniteDifferences(g, false);
        g.forward(input(2, 4, 1), 2, new double[6], true);
        assertThrows(UnsupportedOperationException.class, () -> g.backward(new double[6], new double[8]));
    }

    /** L = Σ w ⊙ f(x; θ): its analytic gradients against central differences. */
    private static void checkFiniteDifferences(Dl4jNetwork net, boolean withInput) {
        int in = net.inputSize();
        int out = net.outputSize();
        double[] x = input(3, in, 7);
        double[] w = input(3, out, 8);
        double[] y = new double[3 * out];
        net.zeroGradients();
        net.forward(x, 3, y, true);
        double[] gx = withInput ? new double[x.length] : null;
        net.backward(w, gx);
        double[] analytic = net.gradients().clone();
        double h = 1e-6;
        double[] p = net.parameters();
        for (int k = 0; k < p.length; k++) {
            double keep = p[k];
            p[k] = keep + h;
            double up = loss(net, x, w);
            p = net.parameters();
            p[k] = keep - h;
            double down = loss(net, x, w);
            p = net.parameters();
            p[k] = keep;
            assertEquals((up - down) / (2 * h), analytic[k], 1e-6, "parameter " + k);
        }
        if (withInput) {
            for (int k = 0; k < x.length; k++) {
                double keep = x[k];
                x[k] = keep + h;
                double up = loss(net, x, w);
                x[k] = keep - h;
                double down = loss(net, x, w);
                x[k] = keep;
                assertEquals((up - down) / (2 * h), gx[k], 1e-6, "input " + k);
            }
        }
    }

    private static double loss(Network net, double[] x, double[] w) {
        double[] y = new double[w.length];
        net.forward(x, x.length / net.inputSize(), y, false);
        double l = 0;
        for (int i = 0; i < y.length; i++) {
            l += w[i] * y[i];
        }
        return l;
    }

    @Test
    void writesThroughParametersReachTheNextPassAndCopiesAreIndependent(@TempDir Path dir) throws Exception {
        Dl4jNetwork net = Dl4jNetwork.copyOf(mlp(Activation.TANH), DataType.DOUBLE);
        double[] x = input(1, 3, 3);
        double[] before = new double[2];
        net.forward(x, 1, before, false);
        Network copy = net.copy();
        net.parameters()[net.parameters().length - 1] += 1.0; // the last output bias
        double[] after = new double[2];
        net.forward(x, 1, after, false);
        assertEquals(before[0], after[0], 1e-12);
        assertEquals(before[1] + 1.0, after[1], 1e-12);
        double[] ofCopy = new double[2];
        copy.forward(x, 1, ofCopy, false);
        assertArrayEquals(before, ofCopy, 0.0, "the copy keeps the weights it was made with");

        CheckpointWriter w = new CheckpointWriter();
        net.save(w, "net.");
        w.writeTo(dir.resolve("n.ckpt"));
        copy.load(CheckpointReader.read(dir.resolve("n.ckpt")), "net.");
        copy.forward(x, 1, ofCopy, false);
        assertArrayEquals(after, ofCopy, 0.0, "a loaded network computes what the saved one did");

        CheckpointWriter fromJava = new CheckpointWriter();
        mlp(Activation.TANH).save(fromJava, "net.");
        fromJava.writeTo(dir.resolve("java.ckpt"));
        var refused = assertThrows(dev.reins.core.checkpoint.CheckpointException.class,
                () -> copy.load(CheckpointReader.read(dir.resolve("java.ckpt")), "net."));
        assertTrue(refused.getMessage().contains("plain-Java Mlp"), refused.getMessage());
    }

    @Test
    void inputGradientLeavesTheParameterGradientsAlone() {
        Dl4jNetwork net = Dl4jNetwork.copyOf(mlp(Activation.TANH), DataType.DOUBLE);
        Mlp java = mlp(Activation.TANH);
        double[] x = input(BATCH, 3, 5);
        double[] dy = input(BATCH, 2, 6);
        net.forward(x, BATCH, new double[BATCH * 2], true);
        java.forward(x, BATCH, new double[BATCH * 2], true);
        double[] gx = new double[x.length];
        double[] expected = new double[x.length];
        net.inputGradient(dy, gx);
        java.inputGradient(dy, expected);
        assertArrayEquals(expected, gx, 1e-12);
        assertTrue(Arrays.stream(net.gradients()).allMatch(g -> g == 0));
    }

    @Test
    void float32PassesStayCloseToFloat64() {
        Mlp java = mlp(Activation.TANH);
        Dl4jNetwork single = Dl4jNetwork.copyOf(java, DataType.FLOAT);
        assertEquals(DataType.FLOAT, single.dataType());
        double[] x = input(BATCH, 3, 9);
        double[] a = new double[BATCH * 2];
        double[] b = new double[BATCH * 2];
        java.forward(x, BATCH, a, false);
        single.forward(x, BATCH, b, false);
        assertArrayEquals(a, b, 1e-5);
        assertFalse(Arrays.equals(a, b), "the passes ran in float32");
    }

    @Test
    void aNetworkEndingInAnOutputLayerIsRefusedWithTheReason() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(2).build())
                .build());
        net.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dl4jNetwork.of(net));
        assertTrue(e.getMessage().contains("OutputLayer") && e.getMessage().contains("DenseLayer"), e.getMessage());
    }
}
