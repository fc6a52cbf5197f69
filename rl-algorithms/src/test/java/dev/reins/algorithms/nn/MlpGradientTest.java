package dev.reins.algorithms.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Finite-difference checks of backpropagation, in float64. */
class MlpGradientTest {

    /** L = Σ c ⊙ f(x): a loss whose gradient with respect to the outputs is c. */
    private static double loss(Network net, double[] x, int batch, double[] c) {
        double[] out = new double[batch * net.outputSize()];
        net.forward(x, batch, out, false);
        double sum = 0;
        for (int k = 0; k < out.length; k++) {
            sum += c[k] * out[k];
        }
        return sum;
    }

    static void checkGradients(Network net, int batch, long seed, double tolerance) {
        Rng rng = new Rng(seed);
        double[] x = new double[batch * net.inputSize()];
        double[] c = new double[batch * net.outputSize()];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextGaussian();
        }
        for (int k = 0; k < c.length; k++) {
            c[k] = rng.nextGaussian();
        }
        double[] out = new double[c.length];
        net.forward(x, batch, out, true);
        net.zeroGradients();
        double[] inputGradient = new double[x.length];
        net.backward(c, inputGradient);
        double[] analytic = net.gradients().clone();
        double[] params = net.parameters();
        double h = 1e-6;
        for (int p = 0; p < params.length; p++) {
            double saved = params[p];
            params[p] = saved + h;
            double plus = loss(net, x, batch, c);
            params[p] = saved - h;
            double minus = loss(net, x, batch, c);
            params[p] = saved;
            double numeric = (plus - minus) / (2 * h);
            assertEquals(numeric, analytic[p], tolerance * Math.max(1, Math.abs(numeric)), "parameter " + p);
        }
        for (int k = 0; k < x.length; k++) {
            double saved = x[k];
            x[k] = saved + h;
            double plus = loss(net, x, batch, c);
            x[k] = saved - h;
            double minus = loss(net, x, batch, c);
            x[k] = saved;
            assertEquals((plus - minus) / (2 * h), inputGradient[k], tolerance * Math.max(1, Math.abs(plus - minus) / (2 * h)),
                    "input " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void backpropagationMatchesFiniteDifferences(Activation activation) {
        for (Initialization init : Initialization.values()) {
            Mlp net = Mlp.builder(3, 2).hidden(5, 4).activation(activation).init(init, 1.3, 0.7).maxBatch(8).build(new Rng(7));
            checkGradients(net, 6, 11, 1e-6);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void jacobianVectorProductMatchesFiniteDifferences(Activation activation) {
        Rng rng = new Rng(21);
        Mlp net = Mlp.builder(3, 2).hidden(5, 4).activation(activation).maxBatch(6).build(rng);
        int batch = 6;
        double[] x = new double[batch * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        double[] v = new double[net.parameters().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        double[] out = new double[batch * 2];
        net.forward(x, batch, out, true);
        double[] jv = new double[batch * 2];
        net.jacobianVectorProduct(v, jv);
        double[] theta = net.parameters().clone();
        double eps = 1e-6;
        double[] plus = new double[batch * 2];
        double[] minus = new double[batch * 2];
        for (int i = 0; i < v.length; i++) {
            net.parameters()[i] = theta[i] + eps * v[i];
        }
        net.forward(x, batch, plus, false);
        for (int i = 0; i < v.length; i++) {
            net.parameters()[i] = theta[i] - eps * v[i];
        }
        net.forward(x, batch, minus, false);
        for (int k = 0; k < jv.length; k++) {
            // ReLU kinks make finite differences unreliable only at exactly zero pre-activations (measure zero here).
            assertEquals((plus[k] - minus[k]) / (2 * eps), jv[k], 1e-6, "output " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void inputGradientEqualsBackwardsAndLeavesParameterGradientsAlone(Activation activation) {
        Rng rng = new Rng(11);
        Mlp net = Mlp.builder(3, 2).hidden(5, 4).activation(activation).maxBatch(6).build(rng);
        double[] x = new double[6 * 3];
        double[] c = new double[6 * 2];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextGaussian();
        }
        for (int k = 0; k < c.length; k++) {
            c[k] = rng.nextGaussian();
        }
        double[] out = new double[c.length];
        net.forward(x, 6, out, true);
        net.zeroGradients();
        double[] viaBackward = new double[x.length];
        net.backward(c, viaBackward);
        double[] parameterGradients = net.gradients().clone();
        double[] inputOnly = new double[x.length];
        net.inputGradient(c, inputOnly);
        assertArrayEquals(viaBackward, inputOnly, 0.0);
        assertArrayEquals(parameterGradients, net.gradients(), 0.0);
    }

    @Test
    void linearModelAndSingleRowWork() {
        Mlp linear = Mlp.builder(4, 3).hidden().build(new Rng(1));
        checkGradients(linear, 1, 2, 1e-8);
    }

    @Test
    void gradientsAccumulateUntilZeroed() {
        Mlp net = Mlp.builder(2, 1).hidden(3).maxBatch(4).build(new Rng(3));
        double[] x = {0.5, -1, 2, 0.25};
        double[] out = new double[2];
        net.forward(x, 2, out, true);
        net.zeroGradients();
        net.backward(new double[] {1, 1}, null);
        double[] once = net.gradients().clone();
        net.backward(new double[] {1, 1}, null);
        for (int i = 0; i < once.length; i++) {
            assertEquals(2 * once[i], net.gradients()[i], 1e-12);
        }
    }

    @Test
    void orthogonalInitialisationIsOrthogonal() {
        double[][] q = Initialization.orthogonal(6, 4, new Rng(0));
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                double dot = 0;
                for (int i = 0; i < 6; i++) {
                    dot += q[i][a] * q[i][b];
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-12);
            }
        }
    }

    @Test
    void sameSeedSameNetworkAndCheckpointRoundTrip() throws Exception {
        Mlp a = Mlp.builder(4, 2).hidden(8).build(new Rng(5));
        Mlp b = Mlp.builder(4, 2).hidden(8).build(new Rng(5));
        assertArrayEquals(a.parameters(), b.parameters());
        CheckpointWriter out = new CheckpointWriter();
        a.save(out, "q.");
        Path file = Files.createTempFile("mlp", ".zip");
        out.writeTo(file);
        Mlp c = Mlp.builder(4, 2).hidden(8).build(new Rng(99));
        c.load(CheckpointReader.read(file), "q.");
        assertArrayEquals(a.parameters(), c.parameters());
        Mlp wrong = Mlp.builder(4, 2).hidden(9).build(new Rng(0));
        var e = assertThrows(dev.reins.core.checkpoint.CheckpointException.class, () -> wrong.load(CheckpointReader.read(file), "q."));
        assertTrue(e.getMessage().contains("[4, 8, 2]"), e.getMessage());
    }

    @Test
    void badBatchesAreRejected() {
        Mlp net = Mlp.builder(2, 1).hidden(3).maxBatch(4).build(new Rng(0));
        assertThrows(IllegalArgumentException.class, () -> net.forward(new double[10], 5, new double[5], false));
        assertThrows(IllegalStateException.class, () -> net.backward(new double[1], null));
    }
}
