package dev.reins.core.stats;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;

/**
 * Per-dimension running mean and variance, merged batch by batch with Chan et al.'s parallel formula, starting
 * from mean 0, variance 1 and a pseudo-count of {@code 1e-4} exactly as Gymnasium's and SB3's normalizers do, so
 * normalized values match theirs.
 *
 * <pre>{@code
 * RunningMeanStd stats = new RunningMeanStd(4);
 * stats.update(observation);
 * double z = (observation[0] - stats.mean(0)) / Math.sqrt(stats.variance(0) + 1e-8);
 * }</pre>
 */
public final class RunningMeanStd implements Checkpointable {
    private final double[] mean;
    private final double[] var;
    private double count;

    /** Statistics for {@code dim} dimensions. */
    public RunningMeanStd(int dim) {
        mean = new double[dim];
        var = new double[dim];
        java.util.Arrays.fill(var, 1.0);
        count = 1e-4;
    }

    /** The number of dimensions. */
    public int dim() {
        return mean.length;
    }

    /** Adds one sample. */
    public void update(float[] x) {
        if (x.length != mean.length) {
            throw new IllegalArgumentException("RunningMeanStd of dim " + mean.length + " got a sample of length " + x.length);
        }
        for (int i = 0; i < mean.length; i++) {
            merge(i, x[i], 0.0, 1);
        }
        count += 1;
    }

    /** Adds one scalar sample (dimension 1). */
    public void update(double x) {
        if (mean.length != 1) {
            throw new IllegalArgumentException("scalar update on RunningMeanStd of dim " + mean.length);
        }
        merge(0, x, 0.0, 1);
        count += 1;
    }

    /** Adds a batch of {@code rows} samples stored row-major in {@code x} ({@code rows * dim} values). */
    public void updateBatch(float[] x, int rows) {
        if (x.length < rows * mean.length) {
            throw new IllegalArgumentException("batch of " + rows + " rows of dim " + mean.length + " needs "
                    + rows * mean.length + " values, got " + x.length);
        }
        int dim = mean.length;
        for (int i = 0; i < dim; i++) {
            double m = 0;
            for (int r = 0; r < rows; r++) {
                m += x[r * dim + i];
            }
            m /= rows;
            double v = 0;
            for (int r = 0; r < rows; r++) {
                double d = x[r * dim + i] - m;
                v += d * d;
            }
            v /= rows;
            merge(i, m, v, rows);
        }
        count += rows;
    }

    /** Adds {@code rows} scalar samples (dimension 1). */
    public void updateBatch(double[] x, int rows) {
        if (mean.length != 1 || x.length < rows) {
            throw new IllegalArgumentException("scalar batch update of " + rows + " rows on RunningMeanStd of dim " + mean.length
                    + " with " + x.length + " values");
        }
        double m = 0;
        for (int r = 0; r < rows; r++) {
            m += x[r];
        }
        m /= rows;
        double v = 0;
        for (int r = 0; r < rows; r++) {
            v += (x[r] - m) * (x[r] - m);
        }
        merge(0, m, v / rows, rows);
        count += rows;
    }

    private void merge(int i, double batchMean, double batchVar, double batchCount) {
        double delta = batchMean - mean[i];
        double total = count + batchCount;
        mean[i] += delta * batchCount / total;
        double m2 = var[i] * count + batchVar * batchCount + delta * delta * count * batchCount / total;
        var[i] = m2 / total;
    }

    public double mean(int i) {
        return mean[i];
    }

    public double variance(int i) {
        return var[i];
    }

    public double count() {
        return count;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "mean", mean);
        out.putDoubles(prefix + "var", var);
        out.putDoubles(prefix + "count", new double[] {count});
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        System.arraycopy(in.doubles(prefix + "mean", mean.length), 0, mean, 0, mean.length);
        System.arraycopy(in.doubles(prefix + "var", var.length), 0, var, 0, var.length);
        count = in.doubles(prefix + "count", 1)[0];
    }
}
