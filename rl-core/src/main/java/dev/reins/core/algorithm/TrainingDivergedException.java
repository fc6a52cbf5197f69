package dev.reins.core.algorithm;

/**
 * Training stopped because a loss or a gradient norm became NaN or infinite. The message says where (algorithm,
 * step) and what to change; whatever checkpoint was last written stays on disk untouched. The command line prints the
 * message as one line (exit 1), not a stack trace.
 *
 * <pre>{@code
 * if (!Double.isFinite(loss)) {
 *     throw new TrainingDivergedException("dpo: the loss became NaN at step 12; lower learning_rate");
 * }
 * }</pre>
 */
public class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
