package dev.reins.algorithms.nn;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;

/** RMSprop as PyTorch computes it: {@code v ← αv + (1−α)g²; θ ← θ − lr·g / (√v + ε)}. */
public final class RmsProp implements Optimizer {
    private final double alpha;
    private final double epsilon;
    private final double[] v;

    public RmsProp(int size, double alpha, double epsilon) {
        if (!(alpha >= 0 && alpha < 1 && epsilon > 0)) {
            throw new IllegalArgumentException("RMSprop needs alpha in [0, 1) and epsilon > 0, got " + alpha + ", " + epsilon);
        }
        this.alpha = alpha;
        this.epsilon = epsilon;
        this.v = new double[size];
    }

    @Override
    public void step(double[] params, double[] grads, double lr) {
        for (int i = 0; i < params.length; i++) {
            double g = grads[i];
            v[i] = alpha * v[i] + (1 - alpha) * g * g;
            params[i] -= lr * g / (Math.sqrt(v[i]) + epsilon);
        }
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "rmsprop_v", v);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        System.arraycopy(in.doubles(prefix + "rmsprop_v", v.length), 0, v, 0, v.length);
    }
}
