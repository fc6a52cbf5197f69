package dev.reins.algorithms.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatMatMul}'s SIMD kernel, the float32 twin of {@link SimdMatMul}: 4 rows × 2 vectors of C stay in
 * registers while k runs, k tiled so a tile of M stays in cache across row blocks. Loaded only when the
 * jdk.incubator.vector module is present.
 */
final class SimdFloatMatMul {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Rows of M per tile: 128 rows of a 256-wide layer are 128 KB, within L2. */
    private static final int K_TILE = 128;

    private SimdFloatMatMul() {}

    static void accumulate(float[] a, int aOff, int rows, int k, float[] m, int mOff, int n, float[] c, int cOff) {
        for (int k0 = 0; k0 < k; k0 += K_TILE) {
            tile(a, aOff, rows, k, k0, Math.min(k, k0 + K_TILE), m, mOff, n, c, cOff);
        }
    }

    private static void tile(float[] a, int aOff, int rows, int k, int kStart, int kEnd, float[] m, int mOff, int n, float[] c,
            int cOff) {
        int wide = n - n % (2 * LANES);
        int single = n - n % LANES;
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
            int j = 0;
            for (; j < wide; j += 2 * LANES) {
                FloatVector s00 = FloatVector.fromArray(SPECIES, c, c0 + j);
                FloatVector s01 = FloatVector.fromArray(SPECIES, c, c0 + j + LANES);
                FloatVector s10 = FloatVector.fromArray(SPECIES, c, c1 + j);
                FloatVector s11 = FloatVector.fromArray(SPECIES, c, c1 + j + LANES);
                FloatVector s20 = FloatVector.fromArray(SPECIES, c, c2 + j);
                FloatVector s21 = FloatVector.fromArray(SPECIES, c, c2 + j + LANES);
                FloatVector s30 = FloatVector.fromArray(SPECIES, c, c3 + j);
                FloatVector s31 = FloatVector.fromArray(SPECIES, c, c3 + j + LANES);
                for (int kk = kStart; kk < kEnd; kk++) {
                    int mRow = mOff + kk * n + j;
                    FloatVector w0 = FloatVector.fromArray(SPECIES, m, mRow);
                    FloatVector w1 = FloatVector.fromArray(SPECIES, m, mRow + LANES);
                    FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + kk]);
                    FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1 + kk]);
                    FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2 + kk]);
                    FloatVector x3 = FloatVector.broadcast(SPECIES, a[a3 + kk]);
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
            // One more vector when n is an odd number of vectors (80 = 5·16: the 5th).
            for (; j < single; j += LANES) {
                FloatVector s0 = FloatVector.fromArray(SPECIES, c, c0 + j);
                FloatVector s1 = FloatVector.fromArray(SPECIES, c, c1 + j);
                FloatVector s2 = FloatVector.fromArray(SPECIES, c, c2 + j);
                FloatVector s3 = FloatVector.fromArray(SPECIES, c, c3 + j);
                for (int kk = kStart; kk < kEnd; kk++) {
                    FloatVector w = FloatVector.fromArray(SPECIES, m, mOff + kk * n + j);
                    s0 = FloatVector.broadcast(SPECIES, a[a0 + kk]).fma(w, s0);
                    s1 = FloatVector.broadcast(SPECIES, a[a1 + kk]).fma(w, s1);
                    s2 = FloatVector.broadcast(SPECIES, a[a2 + kk]).fma(w, s2);
                    s3 = FloatVector.broadcast(SPECIES, a[a3 + kk]).fma(w, s3);
                }
                s0.intoArray(c, c0 + j);
                s1.intoArray(c, c1 + j);
                s2.intoArray(c, c2 + j);
                s3.intoArray(c, c3 + j);
            }
        }
        // Leftover rows, one vector at a time.
        for (; r < rows; r++) {
            int aRow = aOff + r * k;
            int cRow = cOff + r * n;
            for (int j = 0; j < single; j += LANES) {
                FloatVector s = FloatVector.fromArray(SPECIES, c, cRow + j);
                for (int kk = kStart; kk < kEnd; kk++) {
                    s = FloatVector.broadcast(SPECIES, a[aRow + kk]).fma(FloatVector.fromArray(SPECIES, m, mOff + kk * n + j), s);
                }
                s.intoArray(c, cRow + j);
            }
        }
        // Columns no vector covered (narrow output layers, 84 = 5·16 + 4), scalar with the same fused multiply-adds. Only
        // the preferred species is used: mixing vector sizes in one kernel defeated C2's intrinsics on JDK 17 (measured).
        if (single < n) {
            FloatMatMul.narrowColumns(a, aOff, rows, k, m, mOff, n, c, cOff, kStart, kEnd, single);
        }
    }
}
