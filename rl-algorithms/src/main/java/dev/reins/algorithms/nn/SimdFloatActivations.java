package dev.reins.algorithms.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatActivations} on SIMD lanes: each method does whole vectors and returns where it stopped, for the caller's
 * scalar loop to finish. Every lane performs exactly {@link FloatTanh#tanh}'s float operations. Loaded only when the
 * jdk.incubator.vector module is present.
 */
final class SimdFloatActivations {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private SimdFloatActivations() {}

    static int tanh(float[] z, float[] y, int length) {
        int end = length - length % LANES;
        for (int k = 0; k < end; k += LANES) {
            tanh(FloatVector.fromArray(SPECIES, z, k)).intoArray(y, k);
        }
        return end;
    }

    private static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        // Near zero: x + x·t·(C3 + t·(C5 + t·C7)), t = x².
        FloatVector t = x.mul(x);
        FloatVector p = t.fma(FloatTanh.C7, FloatTanh.C5).fma(t, constant(FloatTanh.C3));
        FloatVector series = x.mul(t).fma(p, x);
        // Elsewhere: expm1(2a) / (expm1(2a) + 2) with the sign of x.
        FloatVector y2 = a.add(a);
        FloatVector shifted = y2.mul(FloatTanh.LOG2E).add(FloatTanh.ROUNDER);
        IntVector n = shifted.reinterpretAsInts().sub(Float.floatToRawIntBits(FloatTanh.ROUNDER));
        FloatVector nf = shifted.sub(FloatTanh.ROUNDER);
        FloatVector r = nf.fma(constant(-FloatTanh.LN2_HI), y2);
        r = nf.fma(constant(-FloatTanh.LN2_LO), r);
        FloatVector q = r.fma(FloatTanh.E7, FloatTanh.E6).fma(r, constant(FloatTanh.E5)).fma(r, constant(FloatTanh.E4))
                .fma(r, constant(FloatTanh.E3)).fma(r, constant(FloatTanh.E2));
        q = q.mul(r).fma(r, r);
        FloatVector scale = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector em1 = scale.fma(q, scale.sub(1.0f));
        FloatVector big = em1.div(em1.add(2.0f));
        big = big.blend(FloatVector.broadcast(SPECIES, 1.0f), a.compare(VectorOperators.GE, FloatTanh.SATURATION));
        VectorMask<Float> small = a.compare(VectorOperators.LT, FloatTanh.SERIES_LIMIT);
        // copySign(either, x): the magnitude's bits with x's sign bit.
        IntVector signBit = x.reinterpretAsInts().and(0x80000000);
        return big.blend(series, small).reinterpretAsInts().and(0x7fffffff).or(signBit).reinterpretAsFloats();
    }

    private static FloatVector constant(float c) {
        return FloatVector.broadcast(SPECIES, c);
    }

    static int relu(float[] z, float[] y, int length) {
        int end = length - length % LANES;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int k = 0; k < end; k += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, z, k);
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, k);
        }
        return end;
    }

    static int tanhBackward(float[] y, float[] d, int length) {
        int end = length - length % LANES;
        for (int k = 0; k < end; k += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, y, k);
            FloatVector one = FloatVector.broadcast(SPECIES, 1.0f);
            FloatVector.fromArray(SPECIES, d, k).mul(one.sub(v.mul(v))).intoArray(d, k);
        }
        return end;
    }

    static int reluBackward(float[] z, float[] d, int length) {
        int end = length - length % LANES;
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1.0f);
        for (int k = 0; k < end; k += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, z, k);
            FloatVector.fromArray(SPECIES, d, k).mul(zero.blend(one, v.compare(VectorOperators.GT, 0f))).intoArray(d, k);
        }
        return end;
    }
}
