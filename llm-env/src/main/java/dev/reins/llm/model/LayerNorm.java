package dev.reins.llm.model;

/** GPT-2's layer normalization of one row in float64, shared by the decoding session and the Java teacher-forced pass. */
final class LayerNorm {
    private LayerNorm() {}

    /**
     * Writes (x − mean) / √(variance + ε) of {@code x[offset, offset + d)} into {@code normalized} at the same offset
     * (before gain and bias; the variance is the biased one, as PyTorch's) and returns 1 / √(variance + ε).
     */
    static double normalize(double[] x, int offset, int d, double epsilon, double[] normalized) {
        double mean = 0;
        for (int j = 0; j < d; j++) {
            mean += x[offset + j];
        }
        mean /= d;
        double variance = 0;
        for (int j = 0; j < d; j++) {
            double centered = x[offset + j] - mean;
            variance += centered * centered;
        }
        double inverse = 1.0 / Math.sqrt(variance / d + epsilon);
        for (int j = 0; j < d; j++) {
            normalized[offset + j] = (x[offset + j] - mean) * inverse;
        }
        return inverse;
    }
}
