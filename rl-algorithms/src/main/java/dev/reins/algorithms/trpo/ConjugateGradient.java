package dev.reins.algorithms.trpo;

import java.util.function.BiConsumer;

/**
 * Conjugate gradient for {@code A x = b} with a symmetric positive-definite A given only as a product
 * {@code (v, out) → out = A v}: TRPO solves {@code F x = g} this way without ever forming the Fisher matrix.
 *
 * <pre>{@code
 * double[] x = ConjugateGradient.solve((v, out) -> fisher.multiply(v, out), gradient, 10, 1e-10);
 * }</pre>
 */
public final class ConjugateGradient {
    private ConjugateGradient() {}

    /**
     * Starts at x = 0 and stops after {@code maxIterations} or once the squared residual falls below
     * {@code residualTolerance}.
     */
    public static double[] solve(BiConsumer<double[], double[]> product, double[] b, int maxIterations, double residualTolerance) {
        int n = b.length;
        double[] x = new double[n];
        double[] r = b.clone();
        double[] p = b.clone();
        double[] ap = new double[n];
        double rr = dot(r, r);
        for (int it = 0; it < maxIterations && rr > residualTolerance; it++) {
            product.accept(p, ap);
            double pap = dot(p, ap);
            if (!(pap > 0)) {
                break; // not positive definite along p (numerically): keep the iterate so far
            }
            double alpha = rr / pap;
            for (int i = 0; i < n; i++) {
                x[i] += alpha * p[i];
                r[i] -= alpha * ap[i];
            }
            double next = dot(r, r);
            double beta = next / rr;
            for (int i = 0; i < n; i++) {
                p[i] = r[i] + beta * p[i];
            }
            rr = next;
        }
        return x;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
