package dev.reins.llm.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.nn.Adam;
import dev.reins.llm.model.Parameter;
import dev.reins.llm.model.ParameterGradients;
import dev.reins.llm.model.TestModels;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.model.TransformerParameters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class AdamWTest {
    private static final TransformerConfig TINY = new TransformerConfig(5, 4, 4, 1, 2, 8);

    @Test
    void withoutWeightDecayItIsAdamOverTheFlatParameters() {
        Transformer model = TestModels.perturbed(TINY, 1, 0.2);
        double[] flat = TestModels.flat(model);
        Adam reference = new Adam(flat.length, 0.9, 0.999, 1e-8);
        AdamW adamW = new AdamW(model.parameters(), AdamW.Settings.defaults());
        ParameterGradients grads = new ParameterGradients(model.parameters());
        SplittableRandom rng = new SplittableRandom(2);
        for (int step = 0; step < 5; step++) {
            double[] g = new double[flat.length];
            int at = 0;
            for (Parameter p : model.parameters().all()) {
                INDArray buffer = grads.get(p.name());
                for (long i = 0; i < p.size(); i++) {
                    g[at] = rng.nextDouble() - 0.5;
                    buffer.data().put(i, g[at++]);
                }
            }
            reference.step(flat, g, 1e-2);
            adamW.step(grads, 1e-2);
            grads.zero();
            assertArrayEquals(flat, TestModels.flat(model), 1e-12, "step " + step);
        }
    }

    @Test
    void weightDecayShrinksMatricesButNotBiasesOrGains() {
        Transformer model = TestModels.perturbed(TINY, 3, 0.2);
        double weight = model.parameters().get("h.0.mlp.c_fc.weight").value().getDouble(0);
        double bias = model.parameters().get("h.0.mlp.c_fc.bias").value().getDouble(0);
        ParameterGradients zero = new ParameterGradients(model.parameters());
        new AdamW(model.parameters(), AdamW.Settings.defaults().withWeightDecay(0.1)).step(zero, 0.5);
        // With a zero gradient Adam's step is 0, so only the decay acts: w ← w·(1 − lr·λ).
        assertEquals(weight * (1 - 0.05), model.parameters().get("h.0.mlp.c_fc.weight").value().getDouble(0), 1e-15);
        assertEquals(bias, model.parameters().get("h.0.mlp.c_fc.bias").value().getDouble(0), 0);
    }

    @Test
    void theVectorLoopIsBitIdenticalToTheScalarOneAndFloat32TracksFloat64() {
        assertTrue(AdamWKernels.SIMD, "the tests run with the Vector API module");
        int n = 53; // not a whole number of vectors: the scalar tail runs too
        SplittableRandom rng = new SplittableRandom(4);
        float[][] start = new float[4][n];
        for (float[] a : start) {
            for (int i = 0; i < n; i++) {
                a[i] = (float) (rng.nextDouble() - 0.5);
            }
        }
        for (int i = 0; i < n; i++) {
            start[3][i] = Math.abs(start[3][i]); // the second moment is ≥ 0
        }
        ByteBuffer[] simd = buffers(start, false);
        ByteBuffer[] scalar = buffers(start, false);
        ByteBuffer[] wide = buffers(start, true);
        for (int step = 1; step <= 3; step++) {
            double c2 = 1 - Math.pow(0.999, step);
            double stepSize = 1e-2 / (1 - Math.pow(0.9, step));
            AdamWKernels.updateFloat(simd[0], simd[1], simd[2], simd[3], n, 0.7f, 0.99f, 0.9f, 0.999f, (float) stepSize, (float) Math.sqrt(c2), 1e-8f, true);
            AdamWKernels.updateFloat(scalar[0], scalar[1], scalar[2], scalar[3], n, 0.7f, 0.99f, 0.9f, 0.999f, (float) stepSize, (float) Math.sqrt(c2), 1e-8f,
                    false);
            AdamWKernels.updateDouble(wide[0], wide[1], wide[2], wide[3], n, 0.7, 0.99, 0.9, 0.999, stepSize, Math.sqrt(c2), 1e-8);
        }
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToIntBits(scalar[t].getFloat(4 * i)), Float.floatToIntBits(simd[t].getFloat(4 * i)), "tensor " + t + " element " + i);
                assertEquals(wide[t].getDouble(8 * i), simd[t].getFloat(4 * i), 2e-6, "tensor " + t + " element " + i);
            }
        }
    }

    @Test
    void clipAndStepEqualsClippingTheGradientsThenStepping() {
        Transformer a = new Transformer(TransformerParameters.initialize(TINY, 5, DataType.FLOAT));
        Transformer b = new Transformer(TransformerParameters.initialize(TINY, 5, DataType.FLOAT));
        ParameterGradients ga = new ParameterGradients(a.parameters());
        ParameterGradients gb = new ParameterGradients(b.parameters());
        AdamW adamA = new AdamW(a.parameters(), AdamW.Settings.defaults().withWeightDecay(0.1));
        AdamW adamB = new AdamW(b.parameters(), AdamW.Settings.defaults().withWeightDecay(0.1));
        SplittableRandom rng = new SplittableRandom(6);
        for (int step = 0; step < 3; step++) {
            for (Parameter p : a.parameters().all()) {
                for (long i = 0; i < p.size(); i++) {
                    double g = 3 * (rng.nextDouble() - 0.5); // a global norm well above the 1.0 clip
                    ga.get(p.name()).data().put(i, g);
                    gb.get(p.name()).data().put(i, g);
                }
            }
            double norm = adamA.clipAndStep(ga, 1e-2, 1.0);
            assertEquals(norm, gb.clipGlobalNorm(1.0));
            adamB.step(gb, 1e-2);
            gb.zero();
            for (Parameter p : a.parameters().all()) {
                assertArrayEquals(b.parameters().get(p.name()).value().data().asFloat(), p.value().data().asFloat(), p.name());
                assertEquals(0, ga.get(p.name()).norm2Number().doubleValue(), "gradients cleared");
            }
        }
    }

    /** Native-order buffers holding {@code values}, as float32 or (wide) float64. */
    private static ByteBuffer[] buffers(float[][] values, boolean wide) {
        int width = wide ? 8 : 4;
        ByteBuffer[] out = new ByteBuffer[values.length];
        for (int t = 0; t < values.length; t++) {
            out[t] = ByteBuffer.allocate(width * values[t].length).order(ByteOrder.nativeOrder());
            for (int i = 0; i < values[t].length; i++) {
                if (wide) {
                    out[t].putDouble(8 * i, values[t][i]);
                } else {
                    out[t].putFloat(4 * i, values[t][i]);
                }
            }
        }
        return out;
    }
}
