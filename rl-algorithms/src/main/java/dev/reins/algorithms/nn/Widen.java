package dev.reins.algorithms.nn;

/**
 * Copies float32 values (observations as envs and buffers store them) into the float64 arrays networks compute on.
 *
 * <pre>{@code
 * Widen.copy(envs.observations(), 0, batch, 0, numEnvs * obsDim);
 * }</pre>
 */
public final class Widen {
    private Widen() {}

    /** {@code dst[dstOffset + k] = src[srcOffset + k]} for k below {@code length}. */
    public static void copy(float[] src, int srcOffset, double[] dst, int dstOffset, int length) {
        for (int k = 0; k < length; k++) {
            dst[dstOffset + k] = src[srcOffset + k];
        }
    }
}
