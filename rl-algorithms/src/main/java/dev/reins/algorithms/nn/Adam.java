package dev.reins.algorithms.nn;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;

/** Adam (Kingma &amp; Ba, 2015) exactly as PyTorch computes it: bias-corrected moments, ε added after the square root. */
public final class Adam implements Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double[] m;
    private final double[] v;
    private long t;

    public Adam(int size, double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0)) {
            throw new IllegalArgumentException("Adam needs betas in [0, 1) and epsilon > 0, got " + beta1 + ", " + beta2 + ", " + epsilon);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new double[size];
        this.v = new double[size];
    }

    @Override
    public void step(double[] params, double[] grads, double lr) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        double stepSize = lr / c1;
        double sqrtC2 = Math.sqrt(c2);
        for (int i = 0; i < params.length; i++) {
            double g = grads[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            params[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / sqrtC2 + epsilon);
        }
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "adam_m", m);
        out.putDoubles(prefix + "adam_v", v);
        out.putLongs(prefix + "adam_t", new long[] {t});
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        System.arraycopy(in.doubles(prefix + "adam_m", m.length), 0, m, 0, m.length);
        System.arraycopy(in.doubles(prefix + "adam_v", v.length), 0, v, 0, v.length);
        t = in.longs(prefix + "adam_t", 1)[0];
    }
}
