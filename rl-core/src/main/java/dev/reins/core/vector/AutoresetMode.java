package dev.reins.core.vector;

/** What a vector env does when a sub-env's episode ends. */
public enum AutoresetMode {
    /**
     * Gymnasium 1.x's default: the step that ends an episode returns its final observation as usual; the next
     * {@code step} resets that sub-env instead of stepping it (its action is ignored), returning the reset observation
     * with reward 0 and both flags false, and marks it in {@link VectorEnv#resetThisStep()}.
     */
    NEXT_STEP,
    /**
     * SB3's behaviour: the sub-env is reset within the step that ended it; the returned observation is the new
     * episode's first, and the final observation is kept in {@link VectorEnv#finalObservations()}.
     */
    SAME_STEP
}
