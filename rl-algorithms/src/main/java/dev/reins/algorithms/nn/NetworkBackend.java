package dev.reins.algorithms.nn;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * What computes an algorithm's MLPs: the plain-Java {@link Mlp} (the default; SIMD kernels, bit-for-bit reproducible)
 * or Deeplearning4j through {@link Dl4jNetwork}. Both start from the same initialization (the DL4J network is a copy
 * of the Mlp the algorithm would have used) and run in the algorithm's {@link Precision} (DL4J's FLOAT or DOUBLE).
 *
 * <pre>{@code
 * Network policy = NetworkBackend.DL4J.network(Mlp.builder(4, 2).hidden(64, 64).build(rng));
 * }</pre>
 */
public enum NetworkBackend {
    /** {@link Mlp} itself. */
    JAVA,
    /** A DL4J MultiLayerNetwork with the Mlp's layers and weights: each op pays ND4J's per-call cost (~25 µs). */
    DL4J;

    /** {@code mlp} as this backend's network. */
    public Network network(Mlp mlp) {
        return switch (this) {
            case JAVA -> mlp;
            case DL4J -> Dl4jNetwork.copyOf(mlp, mlp.precision() == Precision.FLOAT32 ? DataType.FLOAT : DataType.DOUBLE);
        };
    }
}
