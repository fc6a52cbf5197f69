/**
 * Function approximators behind one small interface, {@link dev.reins.algorithms.nn.Network}: forward a batch,
 * backpropagate a given gradient of the outputs, expose flat parameters and gradients. Optimizers, gradient clipping
 * and target-network updates work on those flat arrays, so every algorithm is independent of the backend and every
 * piece can be checked with finite differences.
 *
 * <p>{@link dev.reins.algorithms.nn.Mlp} is a plain-Java MLP: for the small networks of classic control it
 * is far faster than DL4J, whose every op costs ~25 µs (a 4-64-64-2 training step at batch 64 measured 2.8 ms in
 * DL4J 1.0.0-M2.1 here), and it is bit-for-bit deterministic. Its passes run in float64 or, with
 * {@link dev.reins.algorithms.nn.Precision#FLOAT32}, in float32 over float64 parameters.
 */
package dev.reins.algorithms.nn;
