package dev.reins.llm.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gelu#tanhOfInner(double)} on SIMD lanes: the same operations in the same order (multiplications, the clamp,
 * the rounding trick, fused multiply-adds, the exponent bits), so every lane equals the scalar result bit for bit. In a
 * class of its own so that nothing loads the incubator module when it is absent.
 */
final class SimdGelu {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private SimdGelu() {}

    /** Fills t[0 .. bound) and returns bound, the largest multiple of the lane count ≤ n. */
    static int tanhOfInner(double[] u, int n, double[] t) {
        int step = SPECIES.length();
        int bound = SPECIES.loopBound(n);
        double[] c = Gelu.INVERSE_FACTORIALS;
        DoubleVector ln2Hi = DoubleVector.broadcast(SPECIES, Gelu.LN2_HI);
        DoubleVector ln2Lo = DoubleVector.broadcast(SPECIES, Gelu.LN2_LO);
        for (int i = 0; i < bound; i += step) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, u, i);
            DoubleVector z = v.add(v.mul(Gelu.CUBIC).mul(v).mul(v)).mul(Gelu.SQRT_2_OVER_PI);
            DoubleVector x = z.mul(2.0).min(Gelu.CLAMP).max(-Gelu.CLAMP);
            DoubleVector y = x.mul(Gelu.LOG2E).add(Gelu.ROUNDER);
            DoubleVector k = y.sub(Gelu.ROUNDER);
            DoubleVector negK = k.neg();
            DoubleVector r = negK.fma(ln2Hi, x);
            r = negK.fma(ln2Lo, r);
            DoubleVector p = DoubleVector.broadcast(SPECIES, c[13]);
            for (int m = 12; m >= 0; m--) {
                p = p.fma(r, DoubleVector.broadcast(SPECIES, c[m]));
            }
            LongVector bits = ((LongVector) y.reinterpretAsLongs()).sub(Gelu.ROUNDER_BITS - 1023).lanewise(VectorOperators.LSHL, 52);
            DoubleVector e = p.mul(bits.reinterpretAsDoubles());
            DoubleVector.broadcast(SPECIES, 1.0).sub(DoubleVector.broadcast(SPECIES, 2.0).div(e.add(1.0))).intoArray(t, i);
        }
        return bound;
    }
}
