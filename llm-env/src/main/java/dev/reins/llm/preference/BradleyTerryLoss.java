package dev.reins.llm.preference;

/**
 * The reward-model loss of a preference pair under the Bradley–Terry model P(chosen ≻ rejected) = σ(r_c − r_r):
 * {@code −log σ(r_c − r_r − margin) + centering · (r_c + r_r)²}. The margin is the pair's own (TRL's
 * {@code margin} column); the centering term (TRL's {@code center_rewards_coefficient}) keeps rewards near zero
 * mean, which the loss alone leaves free.
 *
 * <pre>{@code
 * BradleyTerryLoss.Value v = new BradleyTerryLoss(0.01).evaluate(1.2, -0.3, 0.0);
 * double dLossDChosen = v.dChosen();
 * }</pre>
 */
public record BradleyTerryLoss(double centeringCoefficient) {
    public BradleyTerryLoss {
        if (!(centeringCoefficient >= 0) || Double.isInfinite(centeringCoefficient)) {
            throw new IllegalArgumentException("center_rewards_coefficient must be finite and >= 0, got " + centeringCoefficient);
        }
    }

    /** The loss and its derivatives with respect to the two rewards. */
    public record Value(double loss, double dChosen, double dRejected) {}

    public Value evaluate(double chosenReward, double rejectedReward, double margin) {
        double d = chosenReward - rejectedReward - margin;
        double sum = chosenReward + rejectedReward;
        double pull = Logistic.of(-d); // −d/dd log σ(d)
        double centering = 2 * centeringCoefficient * sum;
        return new Value(Logistic.softplus(-d) + centeringCoefficient * sum * sum, -pull + centering, pull + centering);
    }
}
