package dev.reins.algorithms.common;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Generalized state-dependent exploration for the on-policy Gaussian (gSDE; Raffin et al., 2022; SB3's
 * {@code StateDependentNoiseDistribution} as PPO and A2C use it: no squashing, features not learned through the noise).
 * The policy network's last hidden layer is a feature vector {@code l(s)}, its output the mean {@code μ(s)}; one
 * log-std per (feature, action) pair, {@code σ = exp(log_std)}, [features × actions]. Each env draws an exploration
 * matrix {@code E ~ N(0, σ²)} at the start of a rollout (and every {@code sde_sample_freq} steps) and acts
 * {@code a = μ(s) + l(s)ᵀE}: within a rollout the same state gets the same perturbation, a smooth function of the
 * state instead of fresh noise every step. Given E's distribution the action is Gaussian with per-state variance
 * {@code v_j = Σ_i l_i² σ_ij² + 10⁻⁶}, which gives log π and the entropy. The features count as constants there (SB3's
 * {@code learn_features=False}): the log-stds learn through v, the network only through μ.
 *
 * <pre>{@code
 * StateDependentNoise sde = new StateDependentNoise(64, 1, numEnvs, -3.29, -1);
 * sde.startRollout(rng);                                       // a new E for every env
 * sde.beforeStep(rng);                                        // new matrices every sde_sample_freq steps
 * sde.act(features, means, env, actions, row);                // a = μ + lᵀE_env
 * double logp = sde.logProb(features, means, actions, row);    // log N(a; μ, v(l))
 * }</pre>
 */
public final class StateDependentNoise implements Checkpointable {
    private static final double VARIANCE_EPSILON = 1e-6;
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final int features;
    private final int actions;
    private final int sampleFrequency;
    private final double[] logStd;
    private final double[] logStdGradient;
    /** Scratch: exp(log_std) of the current call. */
    private final double[] sigma;
    /** Scratch: one row's variances v_j, shared by its log-probability and entropy. */
    private final double[] rowVariances;
    /** Per env, its exploration matrix [features × actions]. */
    private final double[][] exploration;
    /** Vector steps acted since the last new matrices (for sde_sample_freq). */
    private long stepsSinceSample;

    /**
     * @param sampleFrequency vector steps between new exploration matrices while acting; −1: once per rollout
     */
    public StateDependentNoise(int features, int actions, int numEnvs, double logStdInit, int sampleFrequency) {
        this.features = features;
        this.actions = actions;
        this.sampleFrequency = sampleFrequency;
        this.logStd = new double[features * actions];
        Arrays.fill(logStd, logStdInit);
        this.logStdGradient = new double[logStd.length];
        this.sigma = new double[logStd.length];
        this.rowVariances = new double[actions];
        this.exploration = new double[numEnvs][logStd.length];
    }

    /** The log-stds, [features × actions] row-major (live: the optimizer steps them). */
    public double[] logStd() {
        return logStd;
    }

    /** dLoss/dlog_std accumulated by {@link #backward} (live). */
    public double[] logStdGradient() {
        return logStdGradient;
    }

    /** New exploration matrices for every env: the start of a rollout. */
    public void startRollout(RandomGenerator rng) {
        for (double[] e : exploration) {
            for (int k = 0; k < e.length; k++) {
                e[k] = Math.exp(logStd[k]) * rng.nextGaussian();
            }
        }
        stepsSinceSample = 0;
    }

    /** Called once per vector step before its actions: new matrices every {@code sde_sample_freq} steps. */
    public void beforeStep(RandomGenerator rng) {
        if (sampleFrequency > 0 && stepsSinceSample > 0 && stepsSinceSample % sampleFrequency == 0) {
            startRollout(rng);
        }
        stepsSinceSample++;
    }

    /** {@code out[row] = μ[row] + l[row]ᵀ E_env}, [actions] wide rows; {@code env} indexes the matrices (mod their count). */
    public void act(double[] latent, double[] means, int env, float[] out, int row) {
        double[] e = exploration[env % exploration.length];
        for (int j = 0; j < actions; j++) {
            double noise = 0;
            for (int i = 0; i < features; i++) {
                noise += latent[row * features + i] * e[i * actions + j];
            }
            out[row * actions + j] = (float) (means[row * actions + j] + noise);
        }
    }

    /** {@code σ = exp(log_std)} into the scratch array: one exponential per entry for a whole batch of rows. */
    private double[] sigmas() {
        for (int k = 0; k < logStd.length; k++) {
            sigma[k] = Math.exp(logStd[k]);
        }
        return sigma;
    }

    /** {@code v_j = Σ_i l_i² σ_ij² + ε} of one row. */
    private double variance(double[] latent, int row, int j, double[] sigma) {
        double v = VARIANCE_EPSILON;
        for (int i = 0; i < features; i++) {
            double l = latent[row * features + i];
            double s = sigma[i * actions + j];
            v += l * l * s * s;
        }
        return v;
    }

    /** Every {@code v_j} of one row, into the scratch array. */
    private double[] variances(double[] latent, int row, double[] sigma) {
        for (int j = 0; j < actions; j++) {
            rowVariances[j] = variance(latent, row, j, sigma);
        }
        return rowVariances;
    }

    /** log N(a; μ, diag v(l)) of one row. */
    public double logProb(double[] latent, double[] means, float[] taken, int row) {
        return logProbFromVariances(variances(latent, row, sigmas()), means, taken, row);
    }

    private double logProbFromVariances(double[] v, double[] means, float[] taken, int row) {
        double logp = 0;
        for (int j = 0; j < actions; j++) {
            double d = taken[row * actions + j] - means[row * actions + j];
            logp += -d * d / (2 * v[j]) - 0.5 * Math.log(v[j]) - LOG_SQRT_2PI;
        }
        return logp;
    }

    /** The Gaussian's entropy at one row's features, {@code Σ_j ½ + log √(2π) + ½ log v_j}. */
    public double entropy(double[] latent, int row) {
        return entropyFromVariances(variances(latent, row, sigmas()));
    }

    private double entropyFromVariances(double[] v) {
        double h = 0;
        for (int j = 0; j < actions; j++) {
            h += 0.5 + LOG_SQRT_2PI + 0.5 * Math.log(v[j]);
        }
        return h;
    }

    /** {@link #logProb} of rows {@code 0 … n−1} (one vector step's envs), with σ computed once. */
    public void logProbs(double[] latent, double[] means, float[] taken, int n, double[] logProbs) {
        double[] sigma = sigmas();
        for (int r = 0; r < n; r++) {
            logProbs[r] = logProbFromVariances(variances(latent, r, sigma), means, taken, r);
        }
    }

    /**
     * {@link #logProb} and {@link #entropy} of rows {@code 0 … b−1} (a minibatch), with σ and each row's variances
     * computed once.
     */
    public void evaluate(double[] latent, double[] means, float[] taken, int b, double[] logProbs, double[] entropies) {
        double[] sigma = sigmas();
        for (int r = 0; r < b; r++) {
            double[] v = variances(latent, r, sigma);
            logProbs[r] = logProbFromVariances(v, means, taken, r);
            entropies[r] = entropyFromVariances(v);
        }
    }

    /**
     * One row's backward: {@code meanGradient[row]} gets dLoss/dμ; dLoss/dlog_std accumulates into
     * {@link #logStdGradient()}, for dLoss/dlog π {@code dLogp} and dLoss/dH {@code dEntropy}.
     */
    public void backward(double[] latent, double[] means, float[] taken, int row, double dLogp, double dEntropy, double[] meanGradient) {
        backward(latent, means, taken, row, dLogp, dEntropy, meanGradient, sigmas());
    }

    /** {@link #backward} of rows {@code 0 … b−1} with σ computed once; {@code dEntropies} null means 0. */
    public void backward(double[] latent, double[] means, float[] taken, int b, double[] dLogps, double[] dEntropies,
            double[] meanGradient) {
        double[] sigma = sigmas();
        for (int r = 0; r < b; r++) {
            backward(latent, means, taken, r, dLogps[r], dEntropies == null ? 0 : dEntropies[r], meanGradient, sigma);
        }
    }

    private void backward(double[] latent, double[] means, float[] taken, int row, double dLogp, double dEntropy, double[] meanGradient,
            double[] sigma) {
        for (int j = 0; j < actions; j++) {
            double v = variance(latent, row, j, sigma);
            double d = taken[row * actions + j] - means[row * actions + j];
            meanGradient[row * actions + j] = dLogp * d / v;
            double dV = dLogp * (d * d / (2 * v * v) - 1 / (2 * v)) + dEntropy / (2 * v);
            for (int i = 0; i < features; i++) {
                double l = latent[row * features + i];
                int k = i * actions + j;
                logStdGradient[k] += dV * 2 * l * l * sigma[k] * sigma[k];
            }
        }
    }

    /** Zeroes {@link #logStdGradient()}. */
    public void zeroGradients() {
        Arrays.fill(logStdGradient, 0);
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "log_std", logStd);
        double[] flat = new double[exploration.length * logStd.length];
        for (int e = 0; e < exploration.length; e++) {
            System.arraycopy(exploration[e], 0, flat, e * logStd.length, logStd.length);
        }
        out.putDoubles(prefix + "sde_exploration", flat);
        out.putLongs(prefix + "sde_steps_since_sample", new long[] {stepsSinceSample});
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        if (!in.has(prefix + "sde_exploration")) {
            throw new dev.reins.core.checkpoint.CheckpointException(
                    "the checkpoint's policy has no gSDE exploration matrices (it was trained with use_sde: false)");
        }
        System.arraycopy(in.doubles(prefix + "log_std", logStd.length), 0, logStd, 0, logStd.length);
        double[] flat = in.doubles(prefix + "sde_exploration", exploration.length * logStd.length);
        for (int e = 0; e < exploration.length; e++) {
            System.arraycopy(flat, e * logStd.length, exploration[e], 0, logStd.length);
        }
        stepsSinceSample = in.longs(prefix + "sde_steps_since_sample", 1)[0];
    }
}
