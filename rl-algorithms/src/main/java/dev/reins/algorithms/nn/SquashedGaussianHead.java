package dev.reins.algorithms.nn;

import java.util.random.RandomGenerator;

/**
 * SAC's tanh-squashed Gaussian policy head: a row of network outputs holds the means and then the log-stds (clamped to
 * [−20, 2] as SB3 does). Actions are drawn by reparameterization, {@code a = tanh(μ + σ·ε)}, so the gradient of a loss
 * in a reaches μ and log σ; the log-probability carries the change of variables,
 * {@code log π(a) = log N(u; μ, σ) − Σ log(1 − tanh²u)}, computed stably as {@code 2(log 2 − u − softplus(−2u))}.
 *
 * <pre>{@code
 * double logp = SquashedGaussianHead.sample(outputs, r, dim, rng, noise, actions);
 * SquashedGaussianHead.backward(outputs, r, dim, noise, actions, dLogp, dActions, outputGradient);
 * }</pre>
 */
public final class SquashedGaussianHead {
    public static final double LOG_STD_MIN = -20;
    public static final double LOG_STD_MAX = 2;
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double LOG_2 = Math.log(2);

    private SquashedGaussianHead() {}

    /** The clamped log-std of dimension {@code j} of row {@code r}. */
    public static double logStd(double[] outputs, int r, int dim, int j) {
        return Math.max(LOG_STD_MIN, Math.min(LOG_STD_MAX, outputs[r * 2 * dim + dim + j]));
    }

    /** log(1 − tanh²u), stable for large |u|. */
    public static double logTanhDerivative(double u) {
        return 2 * (LOG_2 - u - softplus(-2 * u));
    }

    private static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    /**
     * Draws row {@code r}'s action into {@code actions[r·dim ..]} with fresh noise stored in {@code noise[r·dim ..]}
     * (for the backward pass) and returns its log-probability.
     */
    public static double sample(double[] outputs, int r, int dim, RandomGenerator rng, double[] noise, double[] actions) {
        double logp = 0;
        for (int j = 0; j < dim; j++) {
            double e = rng.nextGaussian();
            noise[r * dim + j] = e;
            double ls = logStd(outputs, r, dim, j);
            double u = outputs[r * 2 * dim + j] + Math.exp(ls) * e;
            actions[r * dim + j] = Math.tanh(u);
            logp += -0.5 * e * e - ls - LOG_SQRT_2PI - logTanhDerivative(u);
        }
        return logp;
    }

    /** The deterministic action of row {@code r}: tanh(μ). */
    public static void mode(double[] outputs, int r, int dim, double[] actions) {
        for (int j = 0; j < dim; j++) {
            actions[r * dim + j] = Math.tanh(outputs[r * 2 * dim + j]);
        }
    }

    /**
     * Writes dLoss/d(outputs row r) given dLoss/dlog π and dLoss/da for the sample drawn with {@code noise}:
     * {@code dlogπ/dμ = 2a}, {@code dlogπ/dlogσ = −1 + 2a·σε}, {@code da/dμ = 1 − a²}, {@code da/dlogσ = (1 − a²)σε};
     * zero for a log-std outside its clamp.
     */
    public static void backward(double[] outputs, int r, int dim, double[] noise, double[] actions, double dLogp, double[] dActions,
            double[] outputGradient) {
        for (int j = 0; j < dim; j++) {
            double a = actions[r * dim + j];
            double raw = outputs[r * 2 * dim + dim + j];
            double sigmaEps = Math.exp(logStd(outputs, r, dim, j)) * noise[r * dim + j];
            double dA = dActions == null ? 0 : dActions[r * dim + j];
            double dU = dLogp * 2 * a + dA * (1 - a * a);
            outputGradient[r * 2 * dim + j] = dU;
            boolean clamped = raw < LOG_STD_MIN || raw > LOG_STD_MAX;
            outputGradient[r * 2 * dim + dim + j] = clamped ? 0 : dLogp * -1 + dU * sigmaEps;
        }
    }
}
