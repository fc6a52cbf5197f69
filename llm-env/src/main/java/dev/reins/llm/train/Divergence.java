package dev.reins.llm.train;

import dev.reins.core.algorithm.TrainingDivergedException;

/**
 * The NaN/Inf checks every step trainer makes: a non-finite loss before the backward pass, a non-finite gradient norm
 * after it (then {@code AdamW.clipAndStep} has applied nothing). Either stops training with one line naming the
 * trainer, the step and the remedy; the last saved model stays on disk.
 *
 * <pre>{@code
 * Divergence.checkLoss("dpo", loss, step + 1);
 * Divergence.checkGradientNorm("dpo", optimizer.clipAndStep(gradients, lr, maxNorm), step + 1);
 * }</pre>
 */
public final class Divergence {
    private Divergence() {}

    public static void checkLoss(String trainer, double loss, int step) {
        check(trainer, "loss", loss, step);
    }

    /** Returns {@code norm} when it is finite. */
    public static double checkGradientNorm(String trainer, double norm, int step) {
        check(trainer, "gradient norm", norm, step);
        return norm;
    }

    private static void check(String trainer, String what, double value, int step) {
        if (!Double.isFinite(value)) {
            throw new TrainingDivergedException(trainer + ": the " + what + " became " + value + " at step " + step
                    + "; lower learning_rate. Training stopped; the last saved model is kept.");
        }
    }
}
