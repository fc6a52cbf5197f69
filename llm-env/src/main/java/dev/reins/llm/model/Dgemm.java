package dev.reins.llm.model;

import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Float64 matrix products on row-major Java arrays through OpenBLAS's {@code cblas_dgemm} — the library nd4j-native
 * itself loads — called directly: no ND4J op, so no per-call op bookkeeping, which at the RLVR model's sizes cost more
 * than the product. (JavaCPP copies a Java array in and out of native memory around the call; measured here that
 * costs 10–25 % of a [768, 64]·[64, 256] product, less than an ND4J op call.)
 */
final class Dgemm {
    private Dgemm() {}

    /**
     * {@code c = op(a)·op(b) + beta·c} with op(a) [m, k], op(b) [k, n] and c [m, n]; {@code transposeA} means a is
     * stored [k, m], {@code transposeB} that b is stored [n, k].
     */
    static void multiply(double[] a, boolean transposeA, double[] b, boolean transposeB, double[] c, int m, int n, int k, double beta) {
        if (a.length < (long) m * k || b.length < (long) k * n || c.length < (long) m * n) {
            throw new IllegalArgumentException("dgemm of [" + m + ", " + k + "]·[" + k + ", " + n + "] got arrays of "
                    + a.length + ", " + b.length + " and " + c.length);
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m * n; i++) {
                c[i] *= beta;
            }
            return;
        }
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor,
                transposeA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transposeB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, 1.0, a, transposeA ? m : k, b, transposeB ? k : n, beta, c, n);
    }
}
