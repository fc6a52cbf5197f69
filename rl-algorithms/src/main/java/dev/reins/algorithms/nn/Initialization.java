package dev.reins.algorithms.nn;

import java.util.random.RandomGenerator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** How a layer's weights start. Biases start at zero except under {@link #PYTORCH}. */
public enum Initialization {
    /**
     * Orthogonal rows or columns scaled by a gain (Saxe et al., 2014), zero bias: what SB3 and CleanRL use for PPO and
     * A2C (gain √2 for hidden layers, 0.01 for the policy head, 1 for the value head).
     */
    ORTHOGONAL,
    /** Glorot/Xavier uniform: U(±gain·√(6 / (in + out))), zero bias. */
    XAVIER_UNIFORM,
    /** PyTorch's {@code nn.Linear} default: weights and biases U(±1/√in). */
    PYTORCH;

    /** Fills a {@code [in × out]} weight block (stored input-major) and the bias. */
    void fill(double[] params, int weightOffset, int biasOffset, int in, int out, double gain, RandomGenerator rng) {
        switch (this) {
            case ORTHOGONAL -> {
                double[][] q = orthogonal(in, out, rng);
                for (int i = 0; i < in; i++) {
                    for (int j = 0; j < out; j++) {
                        params[weightOffset + i * out + j] = gain * q[i][j];
                    }
                }
            }
            case XAVIER_UNIFORM -> {
                double bound = gain * Math.sqrt(6.0 / (in + out));
                for (int k = 0; k < in * out; k++) {
                    params[weightOffset + k] = (rng.nextDouble() * 2 - 1) * bound;
                }
            }
            case PYTORCH -> {
                double bound = 1 / Math.sqrt(in);
                for (int k = 0; k < in * out; k++) {
                    params[weightOffset + k] = (rng.nextDouble() * 2 - 1) * bound;
                }
                for (int j = 0; j < out; j++) {
                    params[biasOffset + j] = (rng.nextDouble() * 2 - 1) * bound;
                }
            }
            default -> throw new IllegalStateException(name());
        }
    }

    /** An {@code rows × cols} matrix with orthonormal rows or columns (whichever are fewer), from a Gaussian by QR. */
    static double[][] orthogonal(int rows, int cols, RandomGenerator rng) {
        boolean tall = rows >= cols;
        int r = tall ? rows : cols;
        int c = tall ? cols : rows;
        double[][] g = new double[r][c];
        for (double[] row : g) {
            for (int j = 0; j < c; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(g, false));
        RealMatrix q = qr.getQ().getSubMatrix(0, r - 1, 0, c - 1);
        RealMatrix rr = qr.getR();
        double[][] out = new double[rows][cols];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                // Multiply by the sign of R's diagonal so the distribution is uniform over orthogonal matrices.
                double v = q.getEntry(i, j) * Math.signum(rr.getEntry(j, j) == 0 ? 1 : rr.getEntry(j, j));
                if (tall) {
                    out[i][j] = v;
                } else {
                    out[j][i] = v;
                }
            }
        }
        return out;
    }
}
