package dev.reins.algorithms.nn;

/**
 * The hyperbolic tangent of {@link Precision#FLOAT32} networks, within a few float ulp of the exact value, computed by
 * float operations alone (a series near zero, else tanh(a) = expm1(2a) / (expm1(2a) + 2) from a Cody–Waite reduced
 * polynomial) so that the SIMD kernel ({@link FloatActivations}) performs the very same operations lane by lane: results
 * are bit-identical with and without the Vector API.
 *
 * <pre>{@code
 * float y = FloatTanh.tanh(0.3f);   // 0.29131263f, within a few ulp of Math.tanh(0.3)
 * }</pre>
 */
public final class FloatTanh {
    /** Below this |x| the odd series to x⁷ is exact to float precision (the x⁹ term is below 4e-9 relative). */
    static final float SERIES_LIMIT = 0.125f;
    /** From here on tanh rounds to ±1 in float (1 − 2e^{−2|x|} > 1 − 2^{−25}). */
    static final float SATURATION = 9.0f;
    static final float C3 = -1.0f / 3;
    static final float C5 = 2.0f / 15;
    static final float C7 = -17.0f / 315;
    static final float LOG2E = 1.4426950408889634f;
    /**
     * 1.5·2²³: adding it to a float in [0, 2²²) leaves that number rounded to the nearest integer in the low mantissa
     * bits, which rounds without a float-to-int conversion (not a SIMD instruction the JDK 17 Vector API compiles).
     */
    static final float ROUNDER = 12582912f;
    /** ln 2 split so that n·LN2_HI is exact for the |n| ≤ 26 that occur (LN2_HI has 16 significant bits). */
    static final float LN2_HI = 0.693145751953125f;
    static final float LN2_LO = 1.428606765330187e-06f;
    // expm1(r) = r·(1 + r/2 + r²/6 + … + r⁶/5040) on |r| ≤ ln2/2; the first term left out, r⁸/8!, is below 2e-8 of r.
    static final float E2 = 1.0f / 2;
    static final float E3 = 1.0f / 6;
    static final float E4 = 1.0f / 24;
    static final float E5 = 1.0f / 120;
    static final float E6 = 1.0f / 720;
    static final float E7 = 1.0f / 5040;

    private FloatTanh() {}

    /** tanh(x) in float; odd, NaN for NaN, ±1 for ±∞ and beyond ±9, keeps the sign of zero. */
    public static float tanh(float x) {
        float a = Math.abs(x);
        if (a < SERIES_LIMIT) {
            float t = x * x;
            float p = Math.fma(Math.fma(C7, t, C5), t, C3);
            return Math.copySign(Math.fma(x * t, p, x), x); // the sign: −0 + (+0) would be +0
        }
        if (a >= SATURATION) {
            return Math.copySign(1.0f, x);
        }
        float y = a + a;
        float shifted = y * LOG2E + ROUNDER;
        int n = Float.floatToRawIntBits(shifted) - Float.floatToRawIntBits(ROUNDER); // round(y·log₂e), 0..26
        float nf = shifted - ROUNDER;
        float r = Math.fma(nf, -LN2_HI, y);
        r = Math.fma(nf, -LN2_LO, r);
        float q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(E7, r, E6), r, E5), r, E4), r, E3), r, E2);
        q = Math.fma(q * r, r, r); // expm1(r)
        float scale = Float.intBitsToFloat((n + 127) << 23);
        float em1 = Math.fma(scale, q, scale - 1.0f); // expm1(2a) = 2ⁿ·expm1(r) + (2ⁿ − 1)
        return Math.copySign(em1 / (em1 + 2.0f), x);
    }
}
