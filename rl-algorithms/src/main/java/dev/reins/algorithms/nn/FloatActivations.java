package dev.reins.algorithms.nn;

/**
 * The activations of {@link Precision#FLOAT32} networks over float arrays, forward and backward, on SIMD lanes when the
 * Vector API is present and in a scalar loop of the same operations when it is not (bit-identical results).
 */
final class FloatActivations {
    private FloatActivations() {}

    /** {@code y[k] = act(z[k])} for k below {@code length}. */
    static void forward(Activation act, float[] z, float[] y, int length) {
        switch (act) {
            case IDENTITY -> System.arraycopy(z, 0, y, 0, length);
            case TANH -> {
                int k = MatMul.SIMD ? SimdFloatActivations.tanh(z, y, length) : 0;
                for (; k < length; k++) {
                    y[k] = FloatTanh.tanh(z[k]);
                }
            }
            case RELU -> {
                int k = MatMul.SIMD ? SimdFloatActivations.relu(z, y, length) : 0;
                for (; k < length; k++) {
                    y[k] = z[k] > 0 ? z[k] : 0f;
                }
            }
        }
    }

    /** {@code d[k] *= act'(z[k])}, through the output {@code y} where that is cheaper (tanh: 1 − y²). */
    static void backward(Activation act, float[] z, float[] y, float[] d, int length) {
        switch (act) {
            case IDENTITY -> { }
            case TANH -> {
                int k = MatMul.SIMD ? SimdFloatActivations.tanhBackward(y, d, length) : 0;
                for (; k < length; k++) {
                    d[k] *= 1.0f - y[k] * y[k];
                }
            }
            case RELU -> {
                int k = MatMul.SIMD ? SimdFloatActivations.reluBackward(z, d, length) : 0;
                for (; k < length; k++) {
                    d[k] *= z[k] > 0 ? 1.0f : 0f;
                }
            }
        }
    }
}
