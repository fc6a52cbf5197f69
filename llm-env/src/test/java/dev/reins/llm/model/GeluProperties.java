package dev.reins.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** GELU's own e^x and tanh: accurate, and the SIMD loop equals the scalar one bit for bit. */
class GeluProperties {
    @Provide
    Arbitrary<double[]> activations() {
        Arbitrary<Double> values = Arbitraries.oneOf(Arbitraries.doubles().between(-12, 12), Arbitraries.doubles(),
                Arbitraries.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                        -Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, 19.05, -19.05, 38.2, 1e8));
        return values.array(double[].class).ofMinSize(0).ofMaxSize(70);
    }

    @Property(tries = 300)
    void simdLanesEqualTheScalarLoopBitForBit(@ForAll("activations") double[] u) {
        double[] simd = new double[u.length];
        Gelu.tanhOfInner(u, u.length, simd);
        for (int i = 0; i < u.length; i++) {
            double scalar = Gelu.tanhOfInner(u[i]);
            assertEquals(Double.doubleToRawLongBits(scalar) == Double.doubleToRawLongBits(simd[i]) || (Double.isNaN(scalar)
                    && Double.isNaN(simd[i])), true, "u = " + u[i] + ": scalar " + scalar + ", SIMD " + simd[i]);
        }
    }

    @Property(tries = 2000)
    void expIsWithinTwoUlpOfMathExp(@ForAll @DoubleRange(min = -40, max = 40) double x) {
        double ours = Gelu.exp(x);
        double reference = Math.exp(x);
        assertTrue(Math.abs(ours - reference) <= 2 * Math.ulp(reference), "exp(" + x + ") = " + ours + ", Math.exp " + reference);
    }

    @Property(tries = 2000)
    void tanhOfInnerIsTanhToDoublePrecision(@ForAll @DoubleRange(min = -30, max = 30) double u) {
        double z = Gelu.SQRT_2_OVER_PI * (u + Gelu.CUBIC * u * u * u);
        assertEquals(Math.tanh(z), Gelu.tanhOfInner(u), 4e-16, "u = " + u);
    }

    @Test
    void theClampLeavesTanhAtPlusOrMinusOneWhereDoubleRoundsItThereAnyway() {
        assertEquals(1.0, Gelu.tanhOfInner(30.0));
        assertEquals(-1.0, Gelu.tanhOfInner(-30.0));
        assertEquals(1.0, Gelu.tanhOfInner(1e8));
        assertTrue(Double.isNaN(Gelu.tanhOfInner(Double.NaN)));
        assertEquals(0.0, Gelu.tanhOfInner(0.0));
    }
}
