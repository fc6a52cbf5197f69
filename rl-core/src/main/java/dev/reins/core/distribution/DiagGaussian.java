package dev.reins.core.distribution;

import java.util.random.RandomGenerator;

/**
 * A Gaussian with independent dimensions, parameterized by mean and log standard deviation (the usual continuous
 * policy of PPO, A2C and TRPO).
 *
 * <pre>{@code
 * DiagGaussian pi = new DiagGaussian(new double[] {0.0}, new double[] {Math.log(0.5)});
 * double[] a = pi.sample(rng);
 * }</pre>
 */
public final class DiagGaussian implements ActionDistribution<double[]> {
    static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final double[] mean;
    private final double[] logStd;

    public DiagGaussian(double[] mean, double[] logStd) {
        if (mean.length != logStd.length || mean.length == 0) {
            throw new IllegalArgumentException("DiagGaussian needs mean and logStd of the same non-zero length, got "
                    + mean.length + " and " + logStd.length);
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i]) || !Double.isFinite(logStd[i])) {
                throw new IllegalArgumentException("DiagGaussian parameters must be finite, dimension " + i + ": mean="
                        + mean[i] + ", logStd=" + logStd[i]);
            }
        }
        this.mean = mean.clone();
        this.logStd = logStd.clone();
    }

    public int dim() {
        return mean.length;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] logStd() {
        return logStd.clone();
    }

    @Override
    public double[] sample(RandomGenerator rng) {
        double[] x = new double[mean.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = mean[i] + Math.exp(logStd[i]) * rng.nextGaussian();
        }
        return x;
    }

    @Override
    public double[] mode() {
        return mean.clone();
    }

    @Override
    public double logProb(double[] x) {
        if (x == null || x.length != mean.length) {
            throw new IllegalArgumentException("action must have length " + mean.length);
        }
        double lp = 0;
        for (int i = 0; i < x.length; i++) {
            double z = (x[i] - mean[i]) * Math.exp(-logStd[i]);
            lp += -0.5 * z * z - logStd[i] - LOG_SQRT_2PI;
        }
        return lp;
    }

    @Override
    public double entropy() {
        double h = 0;
        for (double ls : logStd) {
            h += ls + 0.5 + LOG_SQRT_2PI;
        }
        return h;
    }

    @Override
    public double kl(ActionDistribution<double[]> other) {
        if (!(other instanceof DiagGaussian q) || q.mean.length != mean.length) {
            throw new IllegalArgumentException("KL needs another DiagGaussian of dimension " + mean.length);
        }
        double kl = 0;
        for (int i = 0; i < mean.length; i++) {
            double varP = Math.exp(2 * logStd[i]);
            double varQ = Math.exp(2 * q.logStd[i]);
            double d = mean[i] - q.mean[i];
            kl += q.logStd[i] - logStd[i] + (varP + d * d) / (2 * varQ) - 0.5;
        }
        return kl;
    }
}
