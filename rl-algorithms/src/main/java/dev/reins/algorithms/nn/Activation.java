package dev.reins.algorithms.nn;

/** Elementwise activations with their derivatives, expressed through the activation's output where possible. */
public enum Activation {
    IDENTITY {
        @Override
        double apply(double x) {
            return x;
        }

        @Override
        double derivative(double x, double y) {
            return 1;
        }
    },
    TANH {
        @Override
        double apply(double x) {
            return FastTanh.tanh(x);
        }

        @Override
        double derivative(double x, double y) {
            return 1 - y * y;
        }
    },
    RELU {
        @Override
        double apply(double x) {
            return x > 0 ? x : 0;
        }

        @Override
        double derivative(double x, double y) {
            return x > 0 ? 1 : 0;
        }
    };

    abstract double apply(double x);

    /** d activation / dx at pre-activation {@code x} with output {@code y}. */
    abstract double derivative(double x, double y);
}
