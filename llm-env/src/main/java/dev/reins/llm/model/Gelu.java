package dev.reins.llm.model;

/**
 * GPT-2's GELU, the tanh approximation ({@code gelu_new}): gelu(u) = ½·u·(1 + tanh(z)), z = √(2/π)·(u + 0.044715·u³),
 * with tanh(z) = 1 − 2 / (e^{2z} + 1). Shared by the decoding session and the Java teacher-forced pass so that both
 * compute the same values. e^x is our own ({@link #exp}: Cody–Waite reduction to |r| ≤ ln2/2 and a degree-13 Taylor
 * polynomial, within 1 ulp or so of {@code Math.exp}) so that {@link #tanhOfInner(double[], int, double[])} can run it
 * on SIMD lanes ({@code SimdGelu}) with exactly the operations of the scalar loop: the same bits with or without the
 * Vector API. The argument 2z is clamped to ±40, where tanh is ±1 in double precision already.
 */
final class Gelu {
    static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    static final double CUBIC = 0.044715;
    /** |2z| beyond this gives tanh(z) = ±1 exactly in double precision (from |2z| ≈ 38.1 on). */
    static final double CLAMP = 40;
    static final double LOG2E = 1.4426950408889634;
    /** ln 2 split so that k·LN2_HI is exact for |k| < 2¹¹ (fdlibm's constants). */
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    /** 1.5·2⁵²: adding it rounds to an integer held in the low bits of the sum. */
    static final double ROUNDER = 0x1.8p52;
    static final long ROUNDER_BITS = Double.doubleToRawLongBits(ROUNDER);
    /** 1/n! for n = 0..13, the Taylor coefficients of e^r. */
    static final double[] INVERSE_FACTORIALS = new double[14];

    static {
        double f = 1;
        for (int n = 0; n < INVERSE_FACTORIALS.length; n++) {
            f = n == 0 ? 1 : f * n;
            INVERSE_FACTORIALS[n] = 1 / f;
        }
    }

    static final boolean SIMD = RowProducts.SIMD;

    private Gelu() {}

    /** tanh(z(u)), the factor {@link #of} and {@link #derivative} are built from. */
    static double tanhOfInner(double u) {
        double z = SQRT_2_OVER_PI * (u + CUBIC * u * u * u);
        double e = exp(Math.max(-CLAMP, Math.min(CLAMP, 2 * z)));
        return 1 - 2 / (e + 1);
    }

    /** {@code t[i] = tanhOfInner(u[i])} for i &lt; n, on SIMD lanes where available (the same bits). */
    static void tanhOfInner(double[] u, int n, double[] t) {
        int i = SIMD ? SimdGelu.tanhOfInner(u, n, t) : 0;
        for (; i < n; i++) {
            t[i] = tanhOfInner(u[i]);
        }
    }

    /** e^x for |x| ≤ {@link #CLAMP} (no overflow handling beyond that). */
    static double exp(double x) {
        double y = x * LOG2E + ROUNDER;
        double k = y - ROUNDER;
        double r = Math.fma(-k, LN2_HI, x);
        r = Math.fma(-k, LN2_LO, r);
        double p = INVERSE_FACTORIALS[13];
        for (int n = 12; n >= 0; n--) {
            p = Math.fma(p, r, INVERSE_FACTORIALS[n]);
        }
        long bits = (Double.doubleToRawLongBits(y) - ROUNDER_BITS + 1023) << 52;
        return p * Double.longBitsToDouble(bits);
    }

    /** gelu(u) given t = {@link #tanhOfInner}(u). */
    static double of(double u, double t) {
        return 0.5 * u * (1 + t);
    }

    /** d gelu / du given t = {@link #tanhOfInner}(u). */
    static double derivative(double u, double t) {
        return 0.5 * (1 + t) + 0.5 * u * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * CUBIC * u * u);
    }
}
