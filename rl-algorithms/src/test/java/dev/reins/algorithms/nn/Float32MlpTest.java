package dev.reins.algorithms.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A float32 network computes the float64 network's function (checked against it, whose gradients the finite-difference
 * tests check) to float32 rounding, and refreshes its float32 weights whenever its parameters may have changed.
 */
class Float32MlpTest {
    private static final int BATCH = 37;

    private static Mlp build(Activation act, Precision precision) {
        return Mlp.builder(5, 3).hidden(40, 24).activation(act).maxBatch(64).precision(precision).build(new Rng(7));
    }

    private static double[] gaussian(Rng rng, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    /** |a − b| ≤ tolerance · (1 + max |b|), per array: float32 rounding relative to the values' scale. */
    private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], tolerance * (1 + scale), what + " " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void forwardBackwardAndJacobianMatchFloat64(Activation act) {
        Mlp exact = build(act, Precision.FLOAT64);
        Mlp single = build(act, Precision.FLOAT32);
        assertArrayEquals(exact.parameters(), single.parameters());
        Rng rng = new Rng(3);
        double[] x = gaussian(rng, BATCH * 5);
        double[] c = gaussian(rng, BATCH * 3);
        double[] v = gaussian(rng, exact.parameters().length);
        double[] y64 = new double[BATCH * 3];
        double[] y32 = new double[BATCH * 3];
        exact.forward(x, BATCH, y64, true);
        single.forward(x, BATCH, y32, true);
        assertClose(y64, y32, 1e-5, "output");
        double[] dx64 = new double[x.length];
        double[] dx32 = new double[x.length];
        exact.backward(c, dx64);
        single.backward(c, dx32);
        assertClose(exact.gradients(), single.gradients(), 2e-5, "parameter gradient");
        assertClose(dx64, dx32, 2e-5, "input gradient");
        double[] jv64 = new double[y64.length];
        double[] jv32 = new double[y64.length];
        exact.jacobianVectorProduct(v, jv64);
        single.jacobianVectorProduct(v, jv32);
        assertClose(jv64, jv32, 2e-5, "Jacobian-vector product");
        double[] inputOnly = new double[x.length];
        single.inputGradient(c, inputOnly);
        assertArrayEquals(dx32, inputOnly, 0.0);
    }

    @Test
    void writesThroughParametersAreSeenByTheNextPass() {
        Mlp net = build(Activation.TANH, Precision.FLOAT32);
        Mlp reference = build(Activation.TANH, Precision.FLOAT32);
        double[] x = gaussian(new Rng(1), 5);
        double[] before = new double[3];
        double[] after = new double[3];
        net.forward(x, 1, before, false);
        // An optimizer step, a target update and a checkpoint load all write into parameters().
        new Adam(net.parameters().length, 0.9, 0.999, 1e-8).step(net.parameters(), gaussian(new Rng(2), net.parameters().length), 0.1);
        net.forward(x, 1, after, false);
        assertNotEquals(before[0], after[0]);
        Gradients.copyInto(net.parameters(), reference.parameters());
        double[] copied = new double[3];
        reference.forward(x, 1, copied, false);
        assertArrayEquals(after, copied, 0.0);
    }

    /**
     * A training loop that fetches parameters() once and lets the optimizer write into the held array (AlphaZero's
     * loop did): every forward after a backward and a step must see the step, as a float64 network does.
     */
    @Test
    void anOptimizerLoopOverAHeldParameterArrayIsSeen() {
        Mlp single = build(Activation.TANH, Precision.FLOAT32);
        Mlp exact = build(Activation.TANH, Precision.FLOAT64);
        double[] x = gaussian(new Rng(8), BATCH * 5);
        double[] c = gaussian(new Rng(9), BATCH * 3);
        for (Mlp net : new Mlp[] {single, exact}) {
            double[] params = net.parameters();
            Adam adam = new Adam(params.length, 0.9, 0.999, 1e-8);
            for (int step = 0; step < 3; step++) {
                net.forward(x, BATCH, new double[BATCH * 3], true);
                net.zeroGradients();
                net.backward(c, null);
                adam.step(params, net.gradients(), 0.05);
            }
        }
        double[] y32 = new double[BATCH * 3];
        double[] y64 = new double[BATCH * 3];
        single.forward(x, BATCH, y32, false);
        exact.forward(x, BATCH, y64, false);
        assertClose(y64, y32, 1e-4, "output after three steps");
    }

    @Test
    void loadCopyAndSeedsAreExact() throws Exception {
        Mlp a = build(Activation.RELU, Precision.FLOAT32);
        Mlp b = build(Activation.RELU, Precision.FLOAT32);
        double[] x = gaussian(new Rng(4), BATCH * 5);
        double[] ya = new double[BATCH * 3];
        double[] yb = new double[BATCH * 3];
        a.forward(x, BATCH, ya, false);
        b.forward(x, BATCH, yb, false);
        assertArrayEquals(ya, yb, 0.0);
        Mlp copy = a.copy();
        assertEquals(Precision.FLOAT32, copy.precision());
        double[] yc = new double[BATCH * 3];
        copy.forward(x, BATCH, yc, false);
        assertArrayEquals(ya, yc, 0.0);

        CheckpointWriter out = new CheckpointWriter();
        a.save(out, "q.");
        Path file = Files.createTempFile("mlp32", ".zip");
        out.writeTo(file);
        Mlp other = Mlp.builder(5, 3).hidden(40, 24).activation(Activation.RELU).maxBatch(64).precision(Precision.FLOAT32)
                .build(new Rng(99));
        double[] yo = new double[BATCH * 3];
        other.forward(x, BATCH, yo, false); // its float32 weights are now those of seed 99
        other.load(CheckpointReader.read(file), "q.");
        other.forward(x, BATCH, yo, false);
        assertArrayEquals(ya, yo, 0.0);
    }

    @Test
    void gradientsAccumulateUntilZeroed() {
        Mlp net = build(Activation.TANH, Precision.FLOAT32);
        double[] x = gaussian(new Rng(5), 4 * 5);
        double[] c = gaussian(new Rng(6), 4 * 3);
        net.forward(x, 4, new double[12], true);
        net.zeroGradients();
        net.backward(c, null);
        double[] once = net.gradients().clone();
        net.backward(c, null);
        for (int i = 0; i < once.length; i++) {
            assertEquals(2 * once[i], net.gradients()[i], 0.0);
        }
    }
}
