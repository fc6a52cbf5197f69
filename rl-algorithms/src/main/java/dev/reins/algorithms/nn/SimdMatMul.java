package dev.reins.algorithms.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MatMul}'s SIMD kernel: 4 rows × 2 vectors of C stay in registers while k runs, so each loaded vector of M
 * feeds 4 fused multiply-adds; k is tiled so that a tile of M stays in cache across row blocks. Loaded only when the
 * jdk.incubator.vector module is present.
 */
final class SimdMatMul {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Rows of M per tile: 64 rows of a 300-wide layer are 150 KB, within L2. */
    private static final int K_TILE = 64;

    private SimdMatMul() {}

    static void accumulate(double[] a, int aOff, int rows, int k, double[] m, int mOff, int n, double[] c, int cOff) {
        for (int k0 = 0; k0 < k; k0 += K_TILE) {
            tile(a, aOff, rows, k, k0, Math.min(k, k0 + K_TILE), m, mOff, n, c, cOff);
        }
    }

    private static void tile(double[] a, int aOff, int rows, int k, int kStart, int kEnd, double[] m, int mOff, int n, double[] c,
            int cOff) {
        int wide = n - n % (2 * LANES);
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int a0 = aOff + r * k;
            int a1 = a0 + k;
            int a2 = a1 + k;
            int a3 = a2 + k;
            int c0 = cOff + r * n;
            int c1 = c0 + n;
            int c2 = c1 + n;
            int c3 = c2 + n;
            for (int j = 0; j < wide; j += 2 * LANES) {
                DoubleVector s00 = DoubleVector.fromArray(SPECIES, c, c0 + j);
                DoubleVector s01 = DoubleVector.fromArray(SPECIES, c, c0 + j + LANES);
                DoubleVector s10 = DoubleVector.fromArray(SPECIES, c, c1 + j);
                DoubleVector s11 = DoubleVector.fromArray(SPECIES, c, c1 + j + LANES);
                DoubleVector s20 = DoubleVector.fromArray(SPECIES, c, c2 + j);
                DoubleVector s21 = DoubleVector.fromArray(SPECIES, c, c2 + j + LANES);
                DoubleVector s30 = DoubleVector.fromArray(SPECIES, c, c3 + j);
                DoubleVector s31 = DoubleVector.fromArray(SPECIES, c, c3 + j + LANES);
                for (int kk = kStart; kk < kEnd; kk++) {
                    int mRow = mOff + kk * n + j;
                    DoubleVector w0 = DoubleVector.fromArray(SPECIES, m, mRow);
                    DoubleVector w1 = DoubleVector.fromArray(SPECIES, m, mRow + LANES);
                    DoubleVector x0 = DoubleVector.broadcast(SPECIES, a[a0 + kk]);
                    DoubleVector x1 = DoubleVector.broadcast(SPECIES, a[a1 + kk]);
                    DoubleVector x2 = DoubleVector.broadcast(SPECIES, a[a2 + kk]);
                    DoubleVector x3 = DoubleVector.broadcast(SPECIES, a[a3 + kk]);
                    s00 = x0.fma(w0, s00);
                    s01 = x0.fma(w1, s01);
                    s10 = x1.fma(w0, s10);
                    s11 = x1.fma(w1, s11);
                    s20 = x2.fma(w0, s20);
                    s21 = x2.fma(w1, s21);
                    s30 = x3.fma(w0, s30);
                    s31 = x3.fma(w1, s31);
                }
                s00.intoArray(c, c0 + j);
                s01.intoArray(c, c0 + j + LANES);
                s10.intoArray(c, c1 + j);
                s11.intoArray(c, c1 + j + LANES);
                s20.intoArray(c, c2 + j);
                s21.intoArray(c, c2 + j + LANES);
                s30.intoArray(c, c3 + j);
                s31.intoArray(c, c3 + j + LANES);
            }
        }
        // Leftover rows, one vector at a time.
        for (; r < rows; r++) {
            int aRow = aOff + r * k;
            int cRow = cOff + r * n;
            for (int j = 0; j < wide; j += LANES) {
                DoubleVector s = DoubleVector.fromArray(SPECIES, c, cRow + j);
                for (int kk = kStart; kk < kEnd; kk++) {
                    s = DoubleVector.broadcast(SPECIES, a[aRow + kk]).fma(DoubleVector.fromArray(SPECIES, m, mOff + kk * n + j), s);
                }
                s.intoArray(c, cRow + j);
            }
        }
        // Leftover columns (narrow output layers), scalar with the same fused multiply-adds.
        if (wide < n) {
            MatMul.scalar(a, aOff, rows, k, m, mOff, n, c, cOff, kStart, kEnd, wide);
        }
    }
}
