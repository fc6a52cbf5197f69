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
     * {@code c[cOff + r·n + j] += Σ_{kk<k} a[aOff + kk·lda + r] · m[mOff + kk·n + j]}: the product with A stored
     * transposed ({@code k × lda}, its first {@code rows} columns used), as a weight gradient {@code prevᵀ · δ} reads the
     * saved activations. Same order of fused multiply-adds per element as {@link #accumulate} on the transposed copy,
     * so the same bits.
     */
    public static void accumulateTransposed(float[] a, int aOff, int lda, int rows, int k, float[] m, int mOff, int n, float[] c,
            int cOff) {
        if (MatMul.SIMD) {
            SimdFloatTransposedMatMul.accumulate(a, aOff, lda, rows, k, m, mOff, n, c, cOff);
        } else {
            scalarTransposed(a, aOff, lda, rows, 0, k, m, mOff, n, c, cOff, 0);
        }
    }

    /** {@link #narrowColumns} for {@link #accumulateTransposed}: eight rows of C at a time from eight adjacent values of A. */
    static void narrowColumnsTransposed(float[] a, int aOff, int lda, int rows, float[] m, int mOff, int n, float[] c, int cOff,
            int kStart, int kEnd, int fromColumn) {
        int r = 0;
        for (; r + 8 <= rows; r += 8) {
            for (int j = fromColumn; j < n; j++) {
                int c0 = cOff + r * n + j;
                float s0 = c[c0];
                float s1 = c[c0 + n];
                float s2 = c[c0 + 2 * n];
                float s3 = c[c0 + 3 * n];
                float s4 = c[c0 + 4 * n];
                float s5 = c[c0 + 5 * n];
                float s6 = c[c0 + 6 * n];
                float s7 = c[c0 + 7 * n];
                for (int kk = kStart, p = aOff + r + kStart * lda; kk < kEnd; kk++, p += lda) {
                    float w = m[mOff + kk * n + j];
                    s0 = Math.fma(a[p], w, s0);
                    s1 = Math.fma(a[p + 1], w, s1);
                    s2 = Math.fma(a[p + 2], w, s2);
                    s3 = Math.fma(a[p + 3], w, s3);
                    s4 = Math.fma(a[p + 4], w, s4);
                    s5 = Math.fma(a[p + 5], w, s5);
                    s6 = Math.fma(a[p + 6], w, s6);
                    s7 = Math.fma(a[p + 7], w, s7);
                }
                c[c0] = s0;
                c[c0 + n] = s1;
                c[c0 + 2 * n] = s2;
                c[c0 + 3 * n] = s3;
                c[c0 + 4 * n] = s4;
                c[c0 + 5 * n] = s5;
                c[c0 + 6 * n] = s6;
                c[c0 + 7 * n] = s7;
            }
        }
        if (r < rows) {
            scalarTransposed(a, aOff + r, lda, rows - r, kStart, kEnd, m, mOff, n, c, cOff + r * n, fromColumn);
        }
    }

    /** {@link #scalar} with A stored transposed. */
    static void scalarTransposed(float[] a, int aOff, int lda, int rows, int kStart, int kEnd, float[] m, int mOff, int n, float[] c,
            int cOff, int fromColumn) {
        for (int r = 0; r < rows; r++) {
            int cRow = cOff + r * n;
            for (int kk = kStart; kk < kEnd; kk++) {
                float x = a[aOff + kk * lda + r];
                int mRow = mOff + kk * n;
                for (int j = fromColumn; j < n; j++) {
                    c[cRow + j] = Math.fma(x, m[mRow + j], c[cRow + j]);
                }
            }
        }
    }

    /**
     * The columns {@code j ≥ fromColumn} left over by the SIMD kernel (narrow output layers: a policy's 2 logits, a
     * value), eight rows at a time so that eight independent fused multiply-add chains overlap (two FMA pipes × four
     * cycles of latency) instead of one waiting on the last; each element still accumulates in increasing k, so the
     * bits equal {@link #scalar}'s.
     */
    static void narrowColumns(float[] a, int aOff, int rows, int k, float[] m, int mOff, int n, float[] c, int cOff, int kStart, int kEnd,
            int fromColumn) {
        int r = 0;
        for (; r + 8 <= rows; r += 8) {
            int a0 = aOff + r * k;
            for (int j = fromColumn; j < n; j++) {
                int c0 = cOff + r * n + j;
                float s0 = c[c0];
                float s1 = c[c0 + n];
                float s2 = c[c0 + 2 * n];
                float s3 = c[c0 + 3 * n];
                float s4 = c[c0 + 4 * n];
                float s5 = c[c0 + 5 * n];
                float s6 = c[c0 + 6 * n];
                float s7 = c[c0 + 7 * n];
                for (int kk = kStart; kk < kEnd; kk++) {
                    float w = m[mOff + kk * n + j];
                    s0 = Math.fma(a[a0 + kk], w, s0);
                    s1 = Math.fma(a[a0 + k + kk], w, s1);
                    s2 = Math.fma(a[a0 + 2 * k + kk], w, s2);
                    s3 = Math.fma(a[a0 + 3 * k + kk], w, s3);
                    s4 = Math.fma(a[a0 + 4 * k + kk], w, s4);
                    s5 = Math.fma(a[a0 + 5 * k + kk], w, s5);
                    s6 = Math.fma(a[a0 + 6 * k + kk], w, s6);
                    s7 = Math.fma(a[a0 + 7 * k + kk], w, s7);
                }
                c[c0] = s0;
                c[c0 + n] = s1;
                c[c0 + 2 * n] = s2;
                c[c0 + 3 * n] = s3;
                c[c0 + 4 * n] = s4;
                c[c0 + 5 * n] = s5;
                c[c0 + 6 * n] = s6;
                c[c0 + 7 * n] = s7;
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
