package dev.reins.algorithms.mcts;

import java.util.random.RandomGenerator;

/** Dirichlet(α, …, α) samples, from normalized Gamma(α) draws (Marsaglia–Tsang, with the α &lt; 1 boost). */
final class Dirichlet {
    private Dirichlet() {}

    static double[] sample(int k, double alpha, RandomGenerator rng) {
        double[] x = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            x[i] = gamma(alpha, rng);
            sum += x[i];
        }
        for (int i = 0; i < k; i++) {
            x[i] = sum > 0 ? x[i] / sum : 1.0 / k;
        }
        return x;
    }

    static double gamma(double alpha, RandomGenerator rng) {
        if (alpha < 1) {
            // Gamma(α) = Gamma(α + 1) · U^(1/α)
            return gamma(alpha + 1, rng) * Math.pow(1 - rng.nextDouble(), 1 / alpha);
        }
        double d = alpha - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = rng.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1 - rng.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
