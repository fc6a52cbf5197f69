package dev.reins.algorithms.loss;

/**
 * Per-sample regression losses of a prediction against a target, with their derivative: what value-based methods
 * minimise on TD errors.
 */
public enum RegressionLoss {
    /** ½(p − y)². */
    MSE {
        @Override
        public double value(double error) {
            return 0.5 * error * error;
        }

        @Override
        public double derivative(double error) {
            return error;
        }
    },
    /** Huber with δ = 1 (PyTorch's smooth L1): quadratic within ±1, linear beyond, so outliers cannot blow up steps. */
    HUBER {
        @Override
        public double value(double error) {
            double a = Math.abs(error);
            return a <= 1 ? 0.5 * error * error : a - 0.5;
        }

        @Override
        public double derivative(double error) {
            return Math.max(-1, Math.min(1, error));
        }
    };

    /** The loss of {@code error = prediction − target}. */
    public abstract double value(double error);

    /** d loss / d prediction. */
    public abstract double derivative(double error);
}
