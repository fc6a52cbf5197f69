package dev.reins.llm.optim;

import java.nio.ByteBuffer;

/**
 * AdamW's update of one tensor as one loop over its weights, gradient and moments (views of ND4J's native
 * buffers), instead of a dozen ND4J op calls and four temporaries per tensor: at the RLVR model's 29 small tensors
 * those calls were most of a training step. The float32 loop runs on the Vector API when the module is present
 * ({@link SimdAdamW}); both loops compute every element with the same float32 operations in the same order, so
 * the result is bit-identical either way.
 */
final class AdamWKernels {
    static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private AdamWKernels() {}

    /**
     * For each element: g' = g·gradientScale; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
     * w = w·decay − stepSize·m / (√v / √c2 + ε).
     */
    static void updateFloat(ByteBuffer w, ByteBuffer g, ByteBuffer m, ByteBuffer v, int n, float gradientScale, float decay, float beta1,
            float beta2, float stepSize, float rootC2, float epsilon) {
        updateFloat(w, g, m, v, n, gradientScale, decay, beta1, beta2, stepSize, rootC2, epsilon, SIMD);
    }

    /** {@link #updateFloat}, choosing the loop (tests compare the two). */
    static void updateFloat(ByteBuffer w, ByteBuffer g, ByteBuffer m, ByteBuffer v, int n, float gradientScale, float decay, float beta1,
            float beta2, float stepSize, float rootC2, float epsilon, boolean simd) {
        int done = simd ? SimdAdamW.update(w, g, m, v, n, gradientScale, decay, beta1, beta2, stepSize, rootC2, epsilon) : 0;
        float oneMinusBeta1 = 1 - beta1;
        float oneMinusBeta2 = 1 - beta2;
        for (int i = done; i < n; i++) {
            int at = 4 * i;
            float gi = g.getFloat(at) * gradientScale;
            float mi = m.getFloat(at) * beta1 + gi * oneMinusBeta1;
            float vi = v.getFloat(at) * beta2 + gi * gi * oneMinusBeta2;
            m.putFloat(at, mi);
            v.putFloat(at, vi);
            w.putFloat(at, w.getFloat(at) * decay - stepSize * (mi / ((float) Math.sqrt(vi) / rootC2 + epsilon)));
        }
    }

    /** The same update in float64. */
    static void updateDouble(ByteBuffer w, ByteBuffer g, ByteBuffer m, ByteBuffer v, int n, double gradientScale, double decay, double beta1,
            double beta2, double stepSize, double rootC2, double epsilon) {
        for (int i = 0; i < n; i++) {
            int at = 8 * i;
            double gi = g.getDouble(at) * gradientScale;
            double mi = m.getDouble(at) * beta1 + gi * (1 - beta1);
            double vi = v.getDouble(at) * beta2 + gi * gi * (1 - beta2);
            m.putDouble(at, mi);
            v.putDouble(at, vi);
            w.putDouble(at, w.getDouble(at) * decay - stepSize * (mi / (Math.sqrt(vi) / rootC2 + epsilon)));
        }
    }
}
