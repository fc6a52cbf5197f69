package dev.reins.algorithms.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FastTanhProperties {

    /** Within 5 ulp of fdlibm's tanh at every scale: |x| from 1e-6 to 30, both branches and the boundary between them. */
    @Property(tries = 3000)
    void withinFiveUlpOfStrictMath(@ForAll @DoubleRange(min = -1, max = 1) double mantissa, @ForAll @IntRange(min = -6, max = 1) int exponent) {
        double x = mantissa * Math.pow(10, exponent) * 3;
        double expected = StrictMath.tanh(x);
        double error = Math.abs(FastTanh.tanh(x) - expected) / Math.ulp(expected);
        assertTrue(error <= 5, "tanh(" + x + "): " + FastTanh.tanh(x) + " vs " + expected + " (" + error + " ulp)");
    }

    @Property(tries = 1000)
    void oddAndBounded(@ForAll double x) {
        double y = FastTanh.tanh(x);
        assertEquals(-y, FastTanh.tanh(-x), 0.0);
        assertTrue(Double.isNaN(x) || Math.abs(y) <= 1, "tanh(" + x + ") = " + y);
    }

    @Test
    void specialValues() {
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(FastTanh.tanh(-0.0)));
        assertEquals(0.0, FastTanh.tanh(0.0), 0.0);
        assertEquals(1.0, FastTanh.tanh(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(-1.0, FastTanh.tanh(Double.NEGATIVE_INFINITY), 0.0);
        assertEquals(1.0, FastTanh.tanh(20.0), 0.0);
        assertTrue(Double.isNaN(FastTanh.tanh(Double.NaN)));
        assertEquals(Double.MIN_VALUE, FastTanh.tanh(Double.MIN_VALUE), 0.0);
        // Either side of the series/exp boundary.
        for (double x : new double[] {Math.nextDown(0.125), 0.125, Math.nextUp(0.125)}) {
            assertEquals(StrictMath.tanh(x), FastTanh.tanh(x), 5 * Math.ulp(StrictMath.tanh(x)), "x = " + x);
        }
    }
}
