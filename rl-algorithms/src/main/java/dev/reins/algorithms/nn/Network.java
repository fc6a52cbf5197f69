package dev.reins.algorithms.nn;

import dev.reins.core.checkpoint.Checkpointable;

/**
 * A differentiable function of a batch, with flat parameters. Training follows forward → backward → optimizer:
 *
 * <pre>{@code
 * net.forward(x, batch, y, true);          // keep activations
 * // dLoss/dy computed by the algorithm's loss
 * net.zeroGradients();
 * net.backward(dy, null);                  // accumulates dLoss/dθ into net.gradients()
 * clipGlobalNorm(net.gradients(), 0.5);
 * optimizer.step(net.parameters(), net.gradients(), learningRate);
 * }</pre>
 *
 * Arrays are row-major {@code [batch × size]}. {@link #parameters()} and {@link #gradients()} are live views: the
 * optimizer updates parameters in place.
 */
public interface Network extends Checkpointable {

    int inputSize();

    int outputSize();

    /** The largest batch a training forward may use (activations are preallocated for it). */
    int maxBatch();

    /**
     * Computes outputs for {@code batch} rows of {@code input} into {@code output}. With {@code training}, the
     * activations are kept for the next {@link #backward}.
     */
    void forward(double[] input, int batch, double[] output, boolean training);

    /**
     * Backpropagates {@code outputGradient} (dLoss/dOutput of the last training forward), adding dLoss/dθ to
     * {@link #gradients()}; writes dLoss/dInput into {@code inputGradient} when it is not null.
     */
    void backward(double[] outputGradient, double[] inputGradient);

    /**
     * Writes dLoss/dInput of the last training forward into {@code inputGradient} and leaves {@link #gradients()} as
     * they were: the critic's role in a deterministic or reparameterized actor update. This default runs a full backward
     * and restores the gradients; {@link Mlp} skips the parameter gradients.
     */
    default void inputGradient(double[] outputGradient, double[] inputGradient) {
        double[] kept = gradients().clone();
        backward(outputGradient, java.util.Objects.requireNonNull(inputGradient, "inputGradient"));
        System.arraycopy(kept, 0, gradients(), 0, kept.length);
    }

    /**
     * The flat parameters (live). Code that writes into them other than right after a {@link #backward} (a target
     * update, a copy from another network) fetches them with this call for each write rather than keeping the array: a
     * float32 network re-copies its weights after this call and after a backward pass, not on every pass.
     */
    double[] parameters();

    /** The flat gradient accumulator (live), same layout as {@link #parameters()}. */
    double[] gradients();

    /**
     * The last hidden layer's activations of the last forward pass, {@code [batch × width]} into {@code out}: the
     * features a state-dependent exploration (gSDE) builds its noise from.
     *
     * <pre>{@code
     * policy.forward(obs, n, means, false);
     * policy.lastHiddenActivations(n, features);
     * }</pre>
     */
    default void lastHiddenActivations(int batch, double[] out) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not expose its hidden activations (use_sde needs "
                + "network_backend: java)");
    }

    /**
     * Lets backward passes split their large layers over {@code parallel}'s threads (the weight gradient beside the
     * gradient of the layer below); every number stays the bits of a one-thread pass. Ignored by default (DL4J, float64).
     *
     * <pre>{@code
     * actor.parallel(new ParallelFor(2));
     * }</pre>
     */
    default void parallel(ParallelFor parallel) {}

    /** Sets every gradient to zero. */
    default void zeroGradients() {
        java.util.Arrays.fill(gradients(), 0);
    }

    /** A network with the same architecture and a copy of the parameters (gradients zero). */
    Network copy();
}
