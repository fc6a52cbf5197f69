package dev.reins.llm.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link RowProducts}, in a class of their own so that nothing loads the incubator module
 * when it is absent. Weights are read from a native-order view of ND4J's float32 buffer.
 */
final class SimdRowKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private SimdRowKernels() {}

    /** y[r, :] = Σ_i x[r, i] · W[i, :]: streams each weight row once for all rows. */
    static void axpyRows(float[] x, int rows, ByteBuffer w, int in, int out, float[] y) {
        java.util.Arrays.fill(y, 0, rows * out, 0f);
        int step = SPECIES.length();
        int bound = SPECIES.loopBound(out);
        for (int i = 0; i < in; i++) {
            int row = i * out * 4;
            for (int r = 0; r < rows; r++) {
                float xi = x[r * in + i];
                FloatVector xv = FloatVector.broadcast(SPECIES, xi);
                int yo = r * out;
                int j = 0;
                for (; j < bound; j += step) {
                    FloatVector.fromByteBuffer(SPECIES, w, row + 4 * j, ORDER).fma(xv, FloatVector.fromArray(SPECIES, y, yo + j))
                            .intoArray(y, yo + j);
                }
                for (; j < out; j++) {
                    y[yo + j] += xi * w.getFloat(row + 4 * j);
                }
            }
        }
    }

    /** y[r, o] = x[r, :] · W[o, :]: one dot product per output. */
    static void dotRows(float[] x, int rows, ByteBuffer w, int in, int out, float[] y) {
        int step = SPECIES.length();
        int bound = SPECIES.loopBound(in);
        for (int r = 0; r < rows; r++) {
            int xo = r * in;
            for (int o = 0; o < out; o++) {
                int row = o * in * 4;
                FloatVector acc = FloatVector.zero(SPECIES);
                int j = 0;
                for (; j < bound; j += step) {
                    acc = FloatVector.fromByteBuffer(SPECIES, w, row + 4 * j, ORDER).fma(FloatVector.fromArray(SPECIES, x, xo + j), acc);
                }
                float s = acc.reduceLanes(VectorOperators.ADD);
                for (; j < in; j++) {
                    s += x[xo + j] * w.getFloat(row + 4 * j);
                }
                y[r * out + o] = s;
            }
        }
    }
}
