package dev.reins.algorithms.nn;

import dev.reins.core.checkpoint.Checkpointable;

/**
 * Updates flat parameters in place from their gradients. State (moments, step count) lives in the optimizer and is
 * checkpointed.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(net.parameters().length, 0.9, 0.999, 1e-8);
 * adam.step(net.parameters(), net.gradients(), 3e-4);
 * }</pre>
 */
public interface Optimizer extends Checkpointable {
    /** One update with learning rate {@code lr}. */
    void step(double[] params, double[] grads, double lr);
}
