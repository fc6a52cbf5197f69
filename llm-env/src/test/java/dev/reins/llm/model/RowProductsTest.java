package dev.reins.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Both kernels of {@link RowProducts} (Vector API below {@link RowProducts#VECTOR_ROWS} rows, BLAS from there) against a plain loop. */
class RowProductsTest {
    @Test
    void productsEqualThePlainLoopOnBothSidesOfTheKernelSwitch() {
        assertTrue(RowProducts.SIMD, "the tests run with the Vector API module, so the SIMD kernels are covered");
        SplittableRandom rng = new SplittableRandom(7);
        int in = 37;
        int out = 50; // neither a multiple of 16: the vector loops' scalar tails run
        try (RowProducts products = new RowProducts()) {
            for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                for (boolean transposed : new boolean[] {false, true}) {
                    INDArray w = Nd4j.create(rng.doubles((long) in * out, -1, 1).toArray(), transposed ? new long[] {out, in} : new long[] {in, out}, 'c')
                            .castTo(dtype);
                    for (int rows = 1; rows <= RowProducts.VECTOR_ROWS + 2; rows++) {
                        double[] x = rng.doubles((long) rows * in, -1, 1).toArray();
                        double[] y = rng.doubles((long) rows * out, -1, 1).toArray();
                        double[] before = y.clone();
                        products.multiply(x, rows, w, transposed, 0.5, y, true);
                        for (int r = 0; r < rows; r++) {
                            for (int o = 0; o < out; o++) {
                                double sum = 0;
                                for (int i = 0; i < in; i++) {
                                    double wio = transposed ? w.getDouble(o, i) : w.getDouble(i, o);
                                    sum += (dtype == DataType.FLOAT ? (float) x[r * in + i] : x[r * in + i]) * wio;
                                }
                                assertEquals(before[r * out + o] + 0.5 * sum, y[r * out + o], dtype == DataType.FLOAT ? 1e-5 : 1e-12,
                                        dtype + (transposed ? " transposed" : "") + ", " + rows + " rows, [" + r + ", " + o + "]");
                            }
                        }
                    }
                }
            }
        }
    }
}
