package dev.reins.core.callback;

/**
 * What a callback sees of the training loop: the step count, and a way to stop early.
 */
public final class TrainingContext {
    private final String algorithm;
    private final long totalSteps;
    private long step;
    private String stopReason;

    public TrainingContext(String algorithm, long totalSteps) {
        this.algorithm = algorithm;
        this.totalSteps = totalSteps;
    }

    /** The algorithm's name, e.g. {@code q-learning}. */
    public String algorithm() {
        return algorithm;
    }

    /** The step budget of this {@code learn} call. */
    public long totalSteps() {
        return totalSteps;
    }

    /** Env steps taken so far (counting resumed progress). */
    public long step() {
        return step;
    }

    /** Set by the training loop. */
    public void setStep(long step) {
        this.step = step;
    }

    /** Asks the training loop to stop after the current step. */
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    public boolean stopRequested() {
        return stopReason != null;
    }

    /** Why training was asked to stop, or null. */
    public String stopReason() {
        return stopReason;
    }
}
