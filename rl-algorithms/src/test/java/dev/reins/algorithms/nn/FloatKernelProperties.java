package dev.reins.algorithms.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.random.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The float32 kernels: SIMD equals the scalar reference bit for bit, and float tanh is accurate. */
class FloatKernelProperties {

    @Property(tries = 200)
    void matMulEqualsTheScalarReferenceBitForBit(@ForAll @IntRange(min = 1, max = 19) int rows, @ForAll @IntRange(min = 1, max = 300) int k,
            @ForAll @IntRange(min = 1, max = 90) int n, @ForAll @IntRange(min = 0, max = 3) int offset, @ForAll long seed) {
        Rng rng = new Rng(seed);
        float[] a = gaussian(rng, offset + rows * k);
        float[] m = gaussian(rng, offset + k * n);
        float[] c = gaussian(rng, offset + rows * n);
        float[] expected = c.clone();
        FloatMatMul.scalar(a, offset, rows, k, m, offset, n, expected, offset, 0, k, 0);
        FloatMatMul.accumulate(a, offset, rows, k, m, offset, n, c, offset);
        assertArrayEquals(expected, c);
    }

    /**
     * The transposed-A product equals the scalar reference run on an explicitly transposed copy of A, bit for bit
     * (A stored k × lda with lda ≥ rows: a weight gradient reads the first columns of a wider activation buffer).
     */
    @Property(tries = 200)
    void transposedProductEqualsTheProductOfTheTransposeBitForBit(@ForAll @IntRange(min = 1, max = 19) int rows,
            @ForAll @IntRange(min = 0, max = 5) int extraColumns, @ForAll @IntRange(min = 1, max = 300) int k,
            @ForAll @IntRange(min = 1, max = 90) int n, @ForAll @IntRange(min = 0, max = 3) int offset, @ForAll long seed) {
        Rng rng = new Rng(seed);
        int lda = rows + extraColumns;
        float[] stored = gaussian(rng, offset + k * lda);
        float[] a = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            for (int kk = 0; kk < k; kk++) {
                a[r * k + kk] = stored[offset + kk * lda + r];
            }
        }
        float[] m = gaussian(rng, offset + k * n);
        float[] c = gaussian(rng, offset + rows * n);
        float[] expected = c.clone();
        FloatMatMul.scalar(a, 0, rows, k, m, offset, n, expected, offset, 0, k, 0);
        FloatMatMul.accumulateTransposed(stored, offset, lda, rows, k, m, offset, n, c, offset);
        assertArrayEquals(expected, c);
        // The scalar fallback (no Vector API) too.
        float[] fromScalarPath = new float[c.length];
        float[] reference = new float[c.length];
        FloatMatMul.scalarTransposed(stored, offset, lda, rows, 0, k, m, offset, n, fromScalarPath, offset, 0);
        FloatMatMul.scalar(a, 0, rows, k, m, offset, n, reference, offset, 0, k, 0);
        assertArrayEquals(reference, fromScalarPath);
    }

    /** Every activation, forward and backward, gives the scalar loop's bits on SIMD lanes, for any float input. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationsEqualTheScalarLoopBitForBit(Activation act) {
        Rng rng = new Rng(act.ordinal());
        int length = 16 * 64 + 7; // whole vectors and a scalar tail
        float[] z = new float[length];
        for (int k = 0; k < length; k++) {
            // Every scale from 1e-8 to 1e3, both signs, plus the special values.
            z[k] = (float) (Math.signum(rng.nextGaussian()) * Math.pow(10, -8 + 11 * rng.nextDouble()));
        }
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE,
            FloatTanh.SERIES_LIMIT, Math.nextDown(FloatTanh.SERIES_LIMIT), FloatTanh.SATURATION, Math.nextDown(FloatTanh.SATURATION),
            1e-30f};
        System.arraycopy(specials, 0, z, 0, specials.length);
        float[] y = new float[length];
        FloatActivations.forward(act, z, y, length);
        float[] d = gaussian(rng, length);
        float[] dExpected = d.clone();
        FloatActivations.backward(act, z, y, d, length);
        for (int k = 0; k < length; k++) {
            float expected = switch (act) {
                case IDENTITY -> z[k];
                case TANH -> FloatTanh.tanh(z[k]);
                case RELU -> z[k] > 0 ? z[k] : 0f;
            };
            dExpected[k] *= switch (act) {
                case IDENTITY -> 1f;
                case TANH -> 1f - expected * expected;
                case RELU -> z[k] > 0 ? 1f : 0f;
            };
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(y[k]), act + "(" + z[k] + ")");
            assertEquals(Float.floatToIntBits(dExpected[k]), Float.floatToIntBits(d[k]), act + "'(" + z[k] + ")");
        }
    }

    /** Within 4 float ulp of the exactly rounded tanh at every scale, both branches and the boundaries between them. */
    @Property(tries = 5000)
    void tanhIsWithinFourUlp(@ForAll @FloatRange(min = -1, max = 1) float mantissa, @ForAll @IntRange(min = -7, max = 1) int exponent) {
        float x = (float) (mantissa * Math.pow(10, exponent) * 9.5);
        float expected = (float) StrictMath.tanh(x);
        float error = Math.abs(FloatTanh.tanh(x) - expected) / Math.ulp(expected);
        assertTrue(error <= 4, "tanh(" + x + "): " + FloatTanh.tanh(x) + " vs " + expected + " (" + error + " ulp)");
    }

    @Test
    void tanhSpecialValues() {
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FloatTanh.tanh(-0f)));
        assertEquals(0f, FloatTanh.tanh(0f), 0f);
        assertEquals(1f, FloatTanh.tanh(Float.POSITIVE_INFINITY), 0f);
        assertEquals(-1f, FloatTanh.tanh(Float.NEGATIVE_INFINITY), 0f);
        assertEquals(-1f, FloatTanh.tanh(-9f), 0f);
        assertTrue(Float.isNaN(FloatTanh.tanh(Float.NaN)));
        assertEquals(Float.MIN_VALUE, FloatTanh.tanh(Float.MIN_VALUE), 0f);
        for (float x = -12f; x <= 12f; x += 0.001f) {
            assertEquals(-FloatTanh.tanh(x), FloatTanh.tanh(-x), 0f, "odd at " + x);
            assertTrue(Math.abs(FloatTanh.tanh(x)) <= 1f, "bounded at " + x);
        }
    }

    private static float[] gaussian(Rng rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }
}
