package dev.reins.algorithms.nn;

/**
 * The one matrix kernel of the MLP: {@code C[r, j] += Σ_k A[r, k] · M[k, j]} on row-major arrays, every element
 * accumulated by fused multiply-adds in increasing k. With the JDK's Vector API present ({@code --add-modules
 * jdk.incubator.vector}, as the {@code reins} script, the tests and the benchmarks run) a register-blocked SIMD kernel
 * does the work; without it a scalar loop computes the very same fused multiply-adds in the same order, so results
 * are bit-identical either way — only slower.
 *
 * <pre>{@code
 * MatMul.accumulate(x, 0, batch, in, weights, wOffset, out, y, 0);   // y[batch × out] += x[batch × in] · W[in × out]
 * }</pre>
 */
public final class MatMul {
    /** Whether the SIMD kernel is in use (the jdk.incubator.vector module is resolved in this JVM). */
    public static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private MatMul() {}

    /**
     * {@code c[cOff + r·n + j] += Σ_{kk<k} a[aOff + r·k + kk] · m[mOff + kk·n + j]} for {@code r < rows}, {@code j < n}.
     */
    public static void accumulate(double[] a, int aOff, int rows, int k, double[] m, int mOff, int n, double[] c, int cOff) {
        if (SIMD) {
            SimdMatMul.accumulate(a, aOff, rows, k, m, mOff, n, c, cOff);
        } else {
            scalar(a, aOff, rows, k, m, mOff, n, c, cOff, 0, k, 0);
        }
    }

    /** The reference loop over {@code kk ∈ [kStart, kEnd)} and columns {@code j ≥ fromColumn}. */
    static void scalar(double[] a, int aOff, int rows, int k, double[] m, int mOff, int n, double[] c, int cOff, int kStart, int kEnd,
            int fromColumn) {
        for (int r = 0; r < rows; r++) {
            int cRow = cOff + r * n;
            for (int kk = kStart; kk < kEnd; kk++) {
                double x = a[aOff + r * k + kk];
                int mRow = mOff + kk * n;
                for (int j = fromColumn; j < n; j++) {
                    c[cRow + j] = Math.fma(x, m[mRow + j], c[cRow + j]);
                }
            }
        }
    }
}
