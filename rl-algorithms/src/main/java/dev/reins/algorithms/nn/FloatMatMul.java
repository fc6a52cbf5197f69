package dev.reins.algorithms.nn;

/**
 * {@link MatMul} in float32, for {@link Precision#FLOAT32} networks: {@code C[r, j] += Σ_k A[r, k] · M[k, j]} on
 * row-major float arrays, every element accumulated by fused multiply-adds in increasing k. A SIMD vector holds twice
 * as many floats as doubles, so the same register-blocked kernel does twice the work per instruction. Without the
 * Vector API a scalar loop computes the very same fused multiply-adds in the same order: bit-identical results.
 *
 * <pre>{@code
 * FloatMatMul.accumulate(x, 0, batch, in, weights, wOffset, out, y, 0);   // y[batch × out] += x[batch × in] · W[in × out]
 * }</pre>
 */
public final class FloatMatMul {
    private FloatMatMul() {}

    /**
     * {@code c[cOff + r·n + j] += Σ_{kk<k} a[aOff + r·k + kk] · m[mOff + kk·n + j]} for {@code r < rows}, {@code j < n}.
     */
    public static void accumulate(float[] a, int aOff, int rows, int k, float[] m, int mOff, int n, float[] c, int cOff) {
        if (MatMul.SIMD) {
            SimdFloatMatMul.accumulate(a, aOff, rows, k, m, mOff, n, c, cOff);
        } else {
            scalar(a, aOff, rows, k, m, mOff, n, c, cOff, 0, k, 0);
        }
    }

    /**
     * The columns {@code j ≥ fromColumn} left over by the SIMD kernel (narrow output layers: a policy's 2 logits, a
     * value), four rows at a time so that four independent fused multiply-add chains overlap instead of one waiting on
     * the last; each element still accumulates in increasing k, so the bits equal {@link #scalar}'s.
     */
    static void narrowColumns(float[] a, int aOff, int rows, int k, float[] m, int mOff, int n, float[] c, int cOff, int kStart, int kEnd,
            int fromColumn) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int a0 = aOff + r * k;
            int a1 = a0 + k;
            int a2 = a1 + k;
            int a3 = a2 + k;
            for (int j = fromColumn; j < n; j++) {
                int c0 = cOff + r * n + j;
                float s0 = c[c0];
                float s1 = c[c0 + n];
                float s2 = c[c0 + 2 * n];
                float s3 = c[c0 + 3 * n];
                for (int kk = kStart; kk < kEnd; kk++) {
                    float w = m[mOff + kk * n + j];
                    s0 = Math.fma(a[a0 + kk], w, s0);
                    s1 = Math.fma(a[a1 + kk], w, s1);
                    s2 = Math.fma(a[a2 + kk], w, s2);
                    s3 = Math.fma(a[a3 + kk], w, s3);
                }
                c[c0] = s0;
                c[c0 + n] = s1;
                c[c0 + 2 * n] = s2;
                c[c0 + 3 * n] = s3;
            }
        }
        if (r < rows) {
            scalar(a, aOff + r * k, rows - r, k, m, mOff, n, c, cOff + r * n, kStart, kEnd, fromColumn);
        }
    }

    /** The reference loop over {@code kk ∈ [kStart, kEnd)} and columns {@code j ≥ fromColumn}. */
    static void scalar(float[] a, int aOff, int rows, int k, float[] m, int mOff, int n, float[] c, int cOff, int kStart, int kEnd,
            int fromColumn) {
        for (int r = 0; r < rows; r++) {
            int cRow = cOff + r * n;
            for (int kk = kStart; kk < kEnd; kk++) {
                float x = a[aOff + r * k + kk];
                int mRow = mOff + kk * n;
                for (int j = fromColumn; j < n; j++) {
                    c[cRow + j] = Math.fma(x, m[mRow + j], c[cRow + j]);
                }
            }
        }
    }
}
