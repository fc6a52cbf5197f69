package dev.reins.algorithms.nn;

/**
 * The arithmetic an {@link Mlp} computes its passes in. Parameters, gradients and optimizer states stay float64 either
 * way (the flat arrays every optimizer, clip and target update works on); {@code FLOAT32} runs forward and backward
 * on a float32 copy of the weights with SIMD kernels twice as wide, as PyTorch and CleanRL do by default. Every
 * algorithm's networks default to {@code FLOAT32} ({@code precision: float64} in a run config for the other); an
 * {@link Mlp} built directly defaults to {@code FLOAT64}, which finite-difference checks need.
 *
 * <pre>{@code
 * Mlp q = Mlp.builder(4, 2).hidden(120, 84).activation(Activation.RELU).precision(Precision.FLOAT32).build(rng);
 * }</pre>
 */
public enum Precision {
    /** float64 passes: bit-for-bit the results of earlier releases; what finite-difference tests use. */
    FLOAT64,
    /** float32 passes over a float32 copy of the float64 parameters (mixed precision). */
    FLOAT32
}
