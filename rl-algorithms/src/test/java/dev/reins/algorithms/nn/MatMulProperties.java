package dev.reins.algorithms.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.random.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MatMulProperties {

    /** The SIMD kernel and the scalar reference give the same bits for any shape, offsets and row/column tails. */
    @Property(tries = 200)
    void kernelEqualsTheScalarReferenceBitForBit(@ForAll @IntRange(min = 1, max = 19) int rows, @ForAll @IntRange(min = 1, max = 150) int k,
            @ForAll @IntRange(min = 1, max = 37) int n, @ForAll @IntRange(min = 0, max = 3) int offset, @ForAll long seed) {
        Rng rng = new Rng(seed);
        double[] a = gaussian(rng, offset + rows * k);
        double[] m = gaussian(rng, offset + k * n);
        double[] c = gaussian(rng, offset + rows * n);
        double[] expected = c.clone();
        MatMul.scalar(a, offset, rows, k, m, offset, n, expected, offset, 0, k, 0);
        MatMul.accumulate(a, offset, rows, k, m, offset, n, c, offset);
        assertArrayEquals(expected, c);
    }

    @Test
    void testsRunWithTheSimdKernel() {
        // The build passes --add-modules jdk.incubator.vector to the tests: make sure the fast path is what they check.
        assertTrue(MatMul.SIMD, "jdk.incubator.vector is not resolved: check surefire's argLine");
    }

    private static double[] gaussian(Rng rng, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }
}
