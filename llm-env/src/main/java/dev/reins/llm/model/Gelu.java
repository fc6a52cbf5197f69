package dev.reins.llm.model;

/**
 * GPT-2's GELU, the tanh approximation ({@code gelu_new}): gelu(u) = ½·u·(1 + tanh(z)), z = √(2/π)·(u + 0.044715·u³),
 * with tanh(z) = 1 − 2 / (e^{2z} + 1) (one {@code Math.exp}; {@code Math.tanh} is several times slower here). Shared by
 * the decoding session and the Java teacher-forced pass so that both compute the same values.
 */
final class Gelu {
    static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    static final double CUBIC = 0.044715;

    private Gelu() {}

    /** tanh(z(u)), the factor {@link #of} and {@link #derivative} are built from. */
    static double tanhOfInner(double u) {
        double z = SQRT_2_OVER_PI * (u + CUBIC * u * u * u);
        return 1 - 2 / (Math.exp(2 * z) + 1);
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
