package dev.reins.core.buffer;

/**
 * A sampled minibatch, allocated once and refilled by every {@code sample} call so training loops do not allocate.
 * Arrays are row-major: {@code observations[b * obsDim + j]}.
 */
public final class ReplayBatch {
    public final int size;
    public final int obsDim;
    public final int actionDim;
    public final float[] observations;
    public final float[] actions;
    public final float[] rewards;
    public final float[] nextObservations;
    /** 1 where the transition terminated (no bootstrap), else 0 — ready to multiply. */
    public final float[] terminated;
    /** γ^k for the bootstrap term of each transition (γ for one-step, γ^n for n-step transitions). */
    public final float[] discounts;
    /** Buffer slots the rows came from, for priority updates. */
    public final int[] indices;
    /** Importance-sampling weights (all 1 for uniform sampling). */
    public final float[] weights;

    public ReplayBatch(int size, int obsDim, int actionDim) {
        this.size = size;
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        observations = new float[size * obsDim];
        actions = new float[size * actionDim];
        rewards = new float[size];
        nextObservations = new float[size * obsDim];
        terminated = new float[size];
        discounts = new float[size];
        indices = new int[size];
        weights = new float[size];
    }

    /** The discrete action of row {@code b} (for buffers created with actionDim 1 holding action indices). */
    public int discreteAction(int b) {
        return (int) actions[b * actionDim];
    }
}
