package dev.reins.llm.model;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Products of a few activation rows (Java {@code double[]}, row-major) with a parameter matrix held by ND4J, for
 * decoding one token at a time: {@code y = scale · x·W} (W [in, out], GPT-2's Conv1D layout) or
 * {@code y = scale · x·Wᵀ} (W [out, in]: the unembedding, LoRA's A and B), written or added into {@code y}.
 *
 * <p>Below {@link #VECTOR_ROWS} rows of a float32 matrix the product runs in Java with the Vector API, reading the
 * weights straight from ND4J's native buffer: there it is bound by memory, and BLAS's gemm read a
 * [1, 768]·[768, 3072] product's weights at 4–5 GB/s on this machine where the vector loop reads 25–30 GB/s. From
 * {@link #VECTOR_ROWS} rows on (and for float64) it is BLAS's gemm through staging arrays, which wins once each
 * weight is used by several rows (36 against 15 GFLOP/s at 16 rows). Without the {@code jdk.incubator.vector}
 * module (the {@code reins} script and the tests add it) every product goes through BLAS: the same values up to
 * float32 rounding, not bit for bit.
 */
final class RowProducts implements AutoCloseable {
    static final int VECTOR_ROWS = 4;
    /** Whether the Vector API module is resolved in this JVM (without it every product goes through BLAS). */
    static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private final Map<INDArray, ByteBuffer> views = new IdentityHashMap<>();
    private final Map<String, INDArray> staging = new HashMap<>();
    private float[] xs = new float[0];
    private float[] ys = new float[0];
    private double[] bias = new double[0];

    /**
     * {@code y[r, :] (+)= scale · x[r, :]·W}, or {@code ·Wᵀ} when {@code transposed}, for rows r < {@code rows};
     * adds into {@code y} when {@code accumulate}, else overwrites it.
     */
    void multiply(double[] x, int rows, INDArray w, boolean transposed, double scale, double[] y, boolean accumulate) {
        int in = (int) (transposed ? w.size(1) : w.size(0));
        int out = (int) (transposed ? w.size(0) : w.size(1));
        if (SIMD && w.dataType() == DataType.FLOAT && rows < VECTOR_ROWS && w.length() * 4 <= Integer.MAX_VALUE) {
            if (xs.length < rows * in) {
                xs = new float[rows * in];
            }
            float[] xf = xs;
            for (int i = 0; i < rows * in; i++) {
                xf[i] = (float) x[i];
            }
            if (ys.length < rows * out) {
                ys = new float[rows * out];
            }
            float[] yf = ys;
            if (transposed) {
                SimdRowKernels.dotRows(xf, rows, view(w), in, out, yf);
            } else {
                SimdRowKernels.axpyRows(xf, rows, view(w), in, out, yf);
            }
            for (int i = 0; i < rows * out; i++) {
                y[i] = accumulate ? y[i] + scale * yf[i] : scale * yf[i];
            }
        } else {
            INDArray xa = staged("x", rows, in, w.dataType());
            INDArray ya = staged("y", rows, out, w.dataType());
            write(xa, x, rows * in);
            Nd4j.gemm(xa, w, ya, false, transposed, 1.0, 0.0);
            read(ya, rows * out, scale, y, accumulate);
        }
    }

    /** {@code y[r, :] += b} for each of {@code rows} rows of width {@code b.length()}. */
    void addBias(double[] y, int rows, INDArray b) {
        int n = (int) b.length();
        if (bias.length < n) {
            bias = new double[n];
        }
        read(b, bias, n);
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            for (int j = 0; j < n; j++) {
                y[o + j] += bias[j];
            }
        }
    }

    /** The values of a parameter vector as doubles, into {@code into}. */
    void read(INDArray a, double[] into) {
        read(a, into, into.length);
    }

    private void read(INDArray a, double[] into, int n) {
        ByteBuffer v = view(a);
        boolean f = a.dataType() == DataType.FLOAT;
        for (int j = 0; j < n; j++) {
            into[j] = f ? v.getFloat(4 * j) : v.getDouble(8 * j);
        }
    }

    /** ND4J's native buffer of a parameter, as a native-order byte view (no copy: updates in place are seen). */
    private ByteBuffer view(INDArray a) {
        return views.computeIfAbsent(a, NdArrays::bytes);
    }

    private INDArray staged(String role, int rows, int cols, DataType dtype) {
        return staging.computeIfAbsent(role + rows + "x" + cols + dtype, k -> Nd4j.createUninitialized(dtype, rows, cols));
    }

    private static void write(INDArray a, double[] x, int n) {
        ByteBuffer b = NdArrays.bytes(a);
        if (a.dataType() == DataType.FLOAT) {
            for (int i = 0; i < n; i++) {
                b.putFloat(4 * i, (float) x[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                b.putDouble(8 * i, x[i]);
            }
        }
    }

    private static void read(INDArray a, int n, double scale, double[] y, boolean accumulate) {
        ByteBuffer b = NdArrays.bytes(a);
        boolean f = a.dataType() == DataType.FLOAT;
        for (int i = 0; i < n; i++) {
            double v = scale * (f ? b.getFloat(4 * i) : b.getDouble(8 * i));
            y[i] = accumulate ? y[i] + v : v;
        }
    }

    /** Frees the staging arrays. */
    @Override
    public void close() {
        NdArrays.closeAll(staging.values());
        staging.clear();
        views.clear();
    }
}
