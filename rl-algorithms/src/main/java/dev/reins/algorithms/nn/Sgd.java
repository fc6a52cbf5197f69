package dev.reins.algorithms.nn;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;

/** Stochastic gradient descent with optional (PyTorch-style) momentum: {@code b ← μb + g; θ ← θ − lr·b}. */
public final class Sgd implements Optimizer {
    private final double momentum;
    private final double[] buffer;

    public Sgd(int size, double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        this.buffer = new double[size];
    }

    @Override
    public void step(double[] params, double[] grads, double lr) {
        for (int i = 0; i < params.length; i++) {
            buffer[i] = momentum * buffer[i] + grads[i];
            params[i] -= lr * buffer[i];
        }
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "sgd_momentum", buffer);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        System.arraycopy(in.doubles(prefix + "sgd_momentum", buffer.length), 0, buffer, 0, buffer.length);
    }
}
