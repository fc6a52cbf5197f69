package dev.reins.llm.optim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API body of {@link AdamWKernels#updateFloat}: whole vectors only, the caller finishes the tail. */
final class SimdAdamW {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private SimdAdamW() {}

    /** Updates elements [0, k) for the largest k ≤ n that is a whole number of vectors, and returns k. */
    static int update(ByteBuffer w, ByteBuffer g, ByteBuffer m, ByteBuffer v, int n, float gradientScale, float decay, float beta1,
            float beta2, float stepSize, float rootC2, float epsilon) {
        int bound = SPECIES.loopBound(n);
        float oneMinusBeta1 = 1 - beta1;
        float oneMinusBeta2 = 1 - beta2;
        for (int i = 0; i < bound; i += SPECIES.length()) {
            int at = 4 * i;
            FloatVector gi = FloatVector.fromByteBuffer(SPECIES, g, at, ORDER).mul(gradientScale);
            FloatVector mi = FloatVector.fromByteBuffer(SPECIES, m, at, ORDER).mul(beta1).add(gi.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromByteBuffer(SPECIES, v, at, ORDER).mul(beta2).add(gi.mul(gi).mul(oneMinusBeta2));
            mi.intoByteBuffer(m, at, ORDER);
            vi.intoByteBuffer(v, at, ORDER);
            FloatVector denominator = vi.lanewise(VectorOperators.SQRT).div(rootC2).add(epsilon);
            FloatVector.fromByteBuffer(SPECIES, w, at, ORDER).mul(decay).sub(mi.div(denominator).mul(stepSize)).intoByteBuffer(w, at, ORDER);
        }
        return bound;
    }
}
