package dev.reins.algorithms.imitation;

/**
 * Binary cross-entropy on logits, the discriminator's loss: expert rows are labelled 1, the generator's 0.
 *
 * <pre>
 * loss = mean_r [softplus(l_r) − y_r·l_r],   dloss/dl_r = (σ(l_r) − y_r) / n
 * </pre>
 *
 * <pre>{@code
 * double loss = DiscriminatorLoss.compute(logits, labels, n, dLogits);
 * }</pre>
 */
public final class DiscriminatorLoss {
    private DiscriminatorLoss() {}

    /** The mean loss of the first {@code n} rows; writes its gradient with respect to each logit into {@code dLogits}. */
    public static double compute(double[] logits, double[] labels, int n, double[] dLogits) {
        double loss = 0;
        for (int r = 0; r < n; r++) {
            loss += (softplus(logits[r]) - labels[r] * logits[r]) / n;
            dLogits[r] = (sigmoid(logits[r]) - labels[r]) / n;
        }
        return loss;
    }

    /** log(1 + e^x), without overflow. */
    public static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** 1 / (1 + e^−x). */
    public static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
