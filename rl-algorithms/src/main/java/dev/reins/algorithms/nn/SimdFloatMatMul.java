package dev.reins.algorithms.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatMatMul}'s SIMD kernel: 8 rows × 2 vectors of C stay in registers while k runs (16 accumulators: enough
 * independent fused multiply-adds to keep both FMA pipes of a Zen 5 / AVX-512 core busy — 4 × 2 reached ~120–150
 * GFLOP/s on 128–256-wide layers, 8 × 2 ~190), k tiled so a tile of M stays in cache across row blocks. Smaller blocks
 * take the rows and vectors left over; a single row (batch-1 inference) runs four vectors at once, so four
 * accumulation chains overlap instead of one waiting on the last. Every element still accumulates by fused
 * multiply-adds in increasing k, so the blocking changes no bit. Loaded only when the jdk.incubator.vector module is
 * present.
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
        int single = n - n % LANES;
        int r = 0;
        for (; r + 8 <= rows; r += 8) {
            eightRows(a, aOff + r * k, k, kStart, kEnd, m, mOff, n, single, c, cOff + r * n);
        }
        for (; r + 4 <= rows; r += 4) {
            fourRows(a, aOff + r * k, k, kStart, kEnd, m, mOff, n, single, c, cOff + r * n);
        }
        for (; r < rows; r++) {
            oneRow(a, aOff + r * k, kStart, kEnd, m, mOff, n, single, c, cOff + r * n);
        }
        // Columns no vector covered (narrow output layers, 84 = 5·16 + 4), scalar with the same fused multiply-adds. Only
        // the preferred species is used: mixing vector sizes in one kernel defeated C2's intrinsics on JDK 17 (measured).
        if (single < n) {
            FloatMatMul.narrowColumns(a, aOff, rows, k, m, mOff, n, c, cOff, kStart, kEnd, single);
        }
    }

    private static void eightRows(float[] a, int a0, int k, int kStart, int kEnd, float[] m, int mOff, int n, int single, float[] c,
            int c0) {
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        int a4 = a3 + k;
        int a5 = a4 + k;
        int a6 = a5 + k;
        int a7 = a6 + k;
        int j = 0;
        for (; j + 2 * LANES <= single; j += 2 * LANES) {
            int c1 = c0 + j;
            FloatVector s00 = FloatVector.fromArray(SPECIES, c, c1);
            FloatVector s01 = FloatVector.fromArray(SPECIES, c, c1 + LANES);
            FloatVector s10 = FloatVector.fromArray(SPECIES, c, c1 + n);
            FloatVector s11 = FloatVector.fromArray(SPECIES, c, c1 + n + LANES);
            FloatVector s20 = FloatVector.fromArray(SPECIES, c, c1 + 2 * n);
            FloatVector s21 = FloatVector.fromArray(SPECIES, c, c1 + 2 * n + LANES);
            FloatVector s30 = FloatVector.fromArray(SPECIES, c, c1 + 3 * n);
            FloatVector s31 = FloatVector.fromArray(SPECIES, c, c1 + 3 * n + LANES);
            FloatVector s40 = FloatVector.fromArray(SPECIES, c, c1 + 4 * n);
            FloatVector s41 = FloatVector.fromArray(SPECIES, c, c1 + 4 * n + LANES);
            FloatVector s50 = FloatVector.fromArray(SPECIES, c, c1 + 5 * n);
            FloatVector s51 = FloatVector.fromArray(SPECIES, c, c1 + 5 * n + LANES);
            FloatVector s60 = FloatVector.fromArray(SPECIES, c, c1 + 6 * n);
            FloatVector s61 = FloatVector.fromArray(SPECIES, c, c1 + 6 * n + LANES);
            FloatVector s70 = FloatVector.fromArray(SPECIES, c, c1 + 7 * n);
            FloatVector s71 = FloatVector.fromArray(SPECIES, c, c1 + 7 * n + LANES);
            for (int kk = kStart; kk < kEnd; kk++) {
                int mRow = mOff + kk * n + j;
                FloatVector w0 = FloatVector.fromArray(SPECIES, m, mRow);
                FloatVector w1 = FloatVector.fromArray(SPECIES, m, mRow + LANES);
                FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + kk]);
                s00 = x.fma(w0, s00);
                s01 = x.fma(w1, s01);
                x = FloatVector.broadcast(SPECIES, a[a1 + kk]);
                s10 = x.fma(w0, s10);
                s11 = x.fma(w1, s11);
                x = FloatVector.broadcast(SPECIES, a[a2 + kk]);
                s20 = x.fma(w0, s20);
                s21 = x.fma(w1, s21);
                x = FloatVector.broadcast(SPECIES, a[a3 + kk]);
                s30 = x.fma(w0, s30);
                s31 = x.fma(w1, s31);
                x = FloatVector.broadcast(SPECIES, a[a4 + kk]);
                s40 = x.fma(w0, s40);
                s41 = x.fma(w1, s41);
                x = FloatVector.broadcast(SPECIES, a[a5 + kk]);
                s50 = x.fma(w0, s50);
                s51 = x.fma(w1, s51);
                x = FloatVector.broadcast(SPECIES, a[a6 + kk]);
                s60 = x.fma(w0, s60);
                s61 = x.fma(w1, s61);
                x = FloatVector.broadcast(SPECIES, a[a7 + kk]);
                s70 = x.fma(w0, s70);
                s71 = x.fma(w1, s71);
            }
            s00.intoArray(c, c1);
            s01.intoArray(c, c1 + LANES);
            s10.intoArray(c, c1 + n);
            s11.intoArray(c, c1 + n + LANES);
            s20.intoArray(c, c1 + 2 * n);
            s21.intoArray(c, c1 + 2 * n + LANES);
            s30.intoArray(c, c1 + 3 * n);
            s31.intoArray(c, c1 + 3 * n + LANES);
            s40.intoArray(c, c1 + 4 * n);
            s41.intoArray(c, c1 + 4 * n + LANES);
            s50.intoArray(c, c1 + 5 * n);
            s51.intoArray(c, c1 + 5 * n + LANES);
            s60.intoArray(c, c1 + 6 * n);
            s61.intoArray(c, c1 + 6 * n + LANES);
            s70.intoArray(c, c1 + 7 * n);
            s71.intoArray(c, c1 + 7 * n + LANES);
        }
        // One more vector when n is an odd number of vectors (80 = 5·16: the 5th).
        if (j < single) {
            int c1 = c0 + j;
            FloatVector s0 = FloatVector.fromArray(SPECIES, c, c1);
            FloatVector s1 = FloatVector.fromArray(SPECIES, c, c1 + n);
            FloatVector s2 = FloatVector.fromArray(SPECIES, c, c1 + 2 * n);
            FloatVector s3 = FloatVector.fromArray(SPECIES, c, c1 + 3 * n);
            FloatVector s4 = FloatVector.fromArray(SPECIES, c, c1 + 4 * n);
            FloatVector s5 = FloatVector.fromArray(SPECIES, c, c1 + 5 * n);
            FloatVector s6 = FloatVector.fromArray(SPECIES, c, c1 + 6 * n);
            FloatVector s7 = FloatVector.fromArray(SPECIES, c, c1 + 7 * n);
            for (int kk = kStart; kk < kEnd; kk++) {
                FloatVector w = FloatVector.fromArray(SPECIES, m, mOff + kk * n + j);
                s0 = FloatVector.broadcast(SPECIES, a[a0 + kk]).fma(w, s0);
                s1 = FloatVector.broadcast(SPECIES, a[a1 + kk]).fma(w, s1);
                s2 = FloatVector.broadcast(SPECIES, a[a2 + kk]).fma(w, s2);
                s3 = FloatVector.broadcast(SPECIES, a[a3 + kk]).fma(w, s3);
                s4 = FloatVector.broadcast(SPECIES, a[a4 + kk]).fma(w, s4);
                s5 = FloatVector.broadcast(SPECIES, a[a5 + kk]).fma(w, s5);
                s6 = FloatVector.broadcast(SPECIES, a[a6 + kk]).fma(w, s6);
                s7 = FloatVector.broadcast(SPECIES, a[a7 + kk]).fma(w, s7);
            }
            s0.intoArray(c, c1);
            s1.intoArray(c, c1 + n);
            s2.intoArray(c, c1 + 2 * n);
            s3.intoArray(c, c1 + 3 * n);
            s4.intoArray(c, c1 + 4 * n);
            s5.intoArray(c, c1 + 5 * n);
            s6.intoArray(c, c1 + 6 * n);
            s7.intoArray(c, c1 + 7 * n);
        }
    }

    private static void fourRows(float[] a, int a0, int k, int kStart, int kEnd, float[] m, int mOff, int n, int single, float[] c,
            int c0) {
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        for (int j = 0; j < single; j += LANES) {
            int c1 = c0 + j;
            FloatVector s0 = FloatVector.fromArray(SPECIES, c, c1);
            FloatVector s1 = FloatVector.fromArray(SPECIES, c, c1 + n);
            FloatVector s2 = FloatVector.fromArray(SPECIES, c, c1 + 2 * n);
            FloatVector s3 = FloatVector.fromArray(SPECIES, c, c1 + 3 * n);
            for (int kk = kStart; kk < kEnd; kk++) {
                FloatVector w = FloatVector.fromArray(SPECIES, m, mOff + kk * n + j);
                s0 = FloatVector.broadcast(SPECIES, a[a0 + kk]).fma(w, s0);
                s1 = FloatVector.broadcast(SPECIES, a[a1 + kk]).fma(w, s1);
                s2 = FloatVector.broadcast(SPECIES, a[a2 + kk]).fma(w, s2);
                s3 = FloatVector.broadcast(SPECIES, a[a3 + kk]).fma(w, s3);
            }
            s0.intoArray(c, c1);
            s1.intoArray(c, c1 + n);
            s2.intoArray(c, c1 + 2 * n);
            s3.intoArray(c, c1 + 3 * n);
        }
    }

    private static void oneRow(float[] a, int aRow, int kStart, int kEnd, float[] m, int mOff, int n, int single, float[] c, int cRow) {
        int j = 0;
        for (; j + 4 * LANES <= single; j += 4 * LANES) {
            int c1 = cRow + j;
            FloatVector s0 = FloatVector.fromArray(SPECIES, c, c1);
            FloatVector s1 = FloatVector.fromArray(SPECIES, c, c1 + LANES);
            FloatVector s2 = FloatVector.fromArray(SPECIES, c, c1 + 2 * LANES);
            FloatVector s3 = FloatVector.fromArray(SPECIES, c, c1 + 3 * LANES);
            for (int kk = kStart; kk < kEnd; kk++) {
                int mRow = mOff + kk * n + j;
                FloatVector x = FloatVector.broadcast(SPECIES, a[aRow + kk]);
                s0 = x.fma(FloatVector.fromArray(SPECIES, m, mRow), s0);
                s1 = x.fma(FloatVector.fromArray(SPECIES, m, mRow + LANES), s1);
                s2 = x.fma(FloatVector.fromArray(SPECIES, m, mRow + 2 * LANES), s2);
                s3 = x.fma(FloatVector.fromArray(SPECIES, m, mRow + 3 * LANES), s3);
            }
            s0.intoArray(c, c1);
            s1.intoArray(c, c1 + LANES);
            s2.intoArray(c, c1 + 2 * LANES);
            s3.intoArray(c, c1 + 3 * LANES);
        }
        for (; j < single; j += LANES) {
            FloatVector s = FloatVector.fromArray(SPECIES, c, cRow + j);
            for (int kk = kStart; kk < kEnd; kk++) {
                s = FloatVector.broadcast(SPECIES, a[aRow + kk]).fma(FloatVector.fromArray(SPECIES, m, mOff + kk * n + j), s);
            }
            s.intoArray(c, cRow + j);
        }
    }
}
