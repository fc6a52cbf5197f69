package dev.reins.algorithms.imitation;

import dev.reins.algorithms.nn.Mlp;
import dev.reins.core.checkpoint.Checkpointable;
import java.util.List;

/**
 * Tells expert transitions (label 1) from the generator's (label 0) through a logit, trained with binary
 * cross-entropy; the generator is paid a reward computed from the logit. GAIL's judges (s, a); AIRL's is shaped so
 * that its reward part can be read off.
 */
public sealed interface Discriminator extends Checkpointable permits StateActionDiscriminator, ShapedRewardDiscriminator {

    /** Logits of the first {@code n} rows of {@code batch}; {@code training} keeps what {@link #backward} needs. */
    void logits(TransitionBatch batch, int n, double[] out, boolean training);

    /** Adds dLoss/dθ for dLoss/dlogit {@code dLogits} of the last training {@link #logits} to the networks' gradients. */
    void backward(double[] dLogits, int n);

    /** The generator's reward for a transition with this logit. */
    double reward(double logit);

    /** The trainable networks. */
    List<Mlp> networks();

    /** Whether {@link #logits} reads the generator's log π(a|s) from the batch. */
    boolean needsLogPi();

    /**
     * Whether terminal transitions lead to a learned absorbing state (Kostrikov et al., 2019): then training adds the
     * absorbing state's self-transition for every terminal transition, with the same label.
     */
    boolean absorbingTerminals();

    /** What a terminal transition is paid on top of its own reward: the discounted tail of the absorbing state's rewards. */
    double terminalBonus();
}
