package dev.reins.llm.preference;

/**
 * A direct-preference-optimization loss of one pair, from the policy's and the reference's log-probs of the two
 * completions (sums over completion tokens). The variants, by TRL's {@code loss_type} names:
 * <ul>
 *   <li>{@code sigmoid} — DPO (Rafailov et al.): z = β·[(π_c − ρ_c) − (π_r − ρ_r)], loss −log σ(z); with label
 *       smoothing ε, conservative DPO: −(1 − ε)·log σ(z) − ε·log σ(−z);</li>
 *   <li>{@code ipo} — IPO (Azar et al.): (h − 1/(2β))² with h the same log-ratio difference of per-token mean
 *       log-probs (as TRL averages them for IPO);</li>
 *   <li>{@code hinge} — SLiC: max(0, 1 − z);</li>
 *   <li>{@code simpo} — SimPO (Meng et al.), reference-free: −log σ(β·(π̄_c − π̄_r) − γ) with per-token means.</li>
 * </ul>
 *
 * <pre>{@code
 * PreferenceLoss dpo = PreferenceLoss.named("sigmoid", 0.1, 0.0, 0.0);
 * PreferenceLoss.Value v = dpo.evaluate(new PreferenceLoss.LogProbs(-12.0, -15.0, -13.0, -14.0, 6, 7));
 * }</pre>
 */
public sealed interface PreferenceLoss {
    /** The loss types {@link #named} knows. */
    String TYPES = "sigmoid, ipo, hinge, simpo";

    /**
     * Summed completion log-probs under the policy and the reference (the reference's are ignored by
     * reference-free losses), and the completions' token counts.
     */
    record LogProbs(double policyChosen, double policyRejected, double referenceChosen, double referenceRejected, int chosenTokens,
            int rejectedTokens) {}

    /** The loss and its derivatives with respect to the policy's two summed log-probs. */
    record Value(double loss, double dPolicyChosen, double dPolicyRejected) {}

    Value evaluate(LogProbs p);

    double beta();

    /** False for losses that need no reference model (SimPO). */
    default boolean usesReference() {
        return true;
    }

    /**
     * The implicit reward β·(π − ρ) of a completion (TRL's {@code rewards/chosen} and {@code rewards/rejected});
     * β·π̄ for reference-free losses.
     */
    default double implicitReward(double policyLogp, double referenceLogp, int tokens) {
        return beta() * (policyLogp - referenceLogp);
    }

    /** The loss of TRL's {@code loss_type} name; {@code labelSmoothing} applies to sigmoid, {@code simpoGamma} to simpo. */
    static PreferenceLoss named(String type, double beta, double labelSmoothing, double simpoGamma) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number > 0, got " + beta);
        }
        if (labelSmoothing != 0 && !type.equals("sigmoid")) {
            throw new IllegalArgumentException("label_smoothing applies to loss_type sigmoid only, not " + type);
        }
        return switch (type) {
            case "sigmoid" -> new Dpo(beta, labelSmoothing);
            case "ipo" -> new Ipo(beta);
            case "hinge" -> new Hinge(beta);
            case "simpo" -> new SimPo(beta, simpoGamma);
            default -> throw new IllegalArgumentException("loss_type '" + type + "' is not one of " + TYPES);
        };
    }

    /** DPO's sigmoid loss with conservative label smoothing ε ∈ [0, 0.5). */
    record Dpo(double beta, double labelSmoothing) implements PreferenceLoss {
        public Dpo {
            if (!(labelSmoothing >= 0 && labelSmoothing < 0.5)) {
                throw new IllegalArgumentException("label_smoothing must be in [0, 0.5), got " + labelSmoothing);
            }
        }

        @Override
        public Value evaluate(LogProbs p) {
            double z = beta * ((p.policyChosen() - p.referenceChosen()) - (p.policyRejected() - p.referenceRejected()));
            double loss = (1 - labelSmoothing) * Logistic.softplus(-z) + labelSmoothing * Logistic.softplus(z);
            double dz = -(1 - labelSmoothing) * Logistic.of(-z) + labelSmoothing * Logistic.of(z);
            return new Value(loss, dz * beta, -dz * beta);
        }
    }

    /** IPO: squared distance of the mean-log-prob ratio difference from 1/(2β). */
    record Ipo(double beta) implements PreferenceLoss {
        @Override
        public Value evaluate(LogProbs p) {
            double h = (p.policyChosen() - p.referenceChosen()) / p.chosenTokens()
                    - (p.policyRejected() - p.referenceRejected()) / p.rejectedTokens();
            double gap = h - 1 / (2 * beta);
            return new Value(gap * gap, 2 * gap / p.chosenTokens(), -2 * gap / p.rejectedTokens());
        }
    }

    /** SLiC's hinge on the β-scaled log-ratio difference. */
    record Hinge(double beta) implements PreferenceLoss {
        @Override
        public Value evaluate(LogProbs p) {
            double z = beta * ((p.policyChosen() - p.referenceChosen()) - (p.policyRejected() - p.referenceRejected()));
            return z < 1 ? new Value(1 - z, -beta, beta) : new Value(0, 0, 0);
        }
    }

    /** SimPO: length-normalized, reference-free, with target margin γ. */
    record SimPo(double beta, double gamma) implements PreferenceLoss {
        public SimPo {
            if (!Double.isFinite(gamma)) {
                throw new IllegalArgumentException("simpo_gamma must be finite, got " + gamma);
            }
        }

        @Override
        public Value evaluate(LogProbs p) {
            double z = beta * (p.policyChosen() / p.chosenTokens() - p.policyRejected() / p.rejectedTokens()) - gamma;
            double dz = -Logistic.of(-z);
            return new Value(Logistic.softplus(-z), dz * beta / p.chosenTokens(), -dz * beta / p.rejectedTokens());
        }

        @Override
        public boolean usesReference() {
            return false;
        }

        @Override
        public double implicitReward(double policyLogp, double referenceLogp, int tokens) {
            return beta * policyLogp / tokens;
        }
    }
}
