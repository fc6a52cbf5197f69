package dev.reins.llm.model;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Small models for tests: float64 for finite differences, with weights perturbed so that outputs are far from uniform. */
public final class TestModels {
    private TestModels() {}

    /** A float64 model of {@code config} whose every weight got uniform noise of width {@code noise}. */
    public static Transformer perturbed(TransformerConfig config, long seed, double noise) {
        Transformer m = new Transformer(TransformerParameters.initialize(config, seed, DataType.DOUBLE));
        perturb(m, seed, noise);
        return m;
    }

    public static void perturb(Transformer m, long seed, double noise) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        for (Parameter p : m.parameters().all()) {
            INDArray v = p.value();
            for (long i = 0; i < v.length(); i++) {
                v.data().put(i, v.data().getDouble(i) + noise * (rng.nextDouble() - 0.5));
            }
        }
    }

    /** All weights in layout order as one array (for bit-for-bit comparisons). */
    public static double[] flat(Transformer m) {
        long n = m.parameters().count();
        double[] out = new double[Math.toIntExact(n)];
        int at = 0;
        for (Parameter p : m.parameters().all()) {
            double[] v = p.value().dup('c').data().asDouble();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }
}
