package dev.reins.algorithms.sac;

import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.Adam;
import dev.reins.algorithms.nn.Network;
import dev.reins.algorithms.nn.SquashedGaussianHead;
import dev.reins.core.checkpoint.CheckpointException;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Generalized state-dependent exploration (gSDE; Raffin et al., 2022, as SB3's SAC with {@code use_sde}): the policy's
 * last hidden layer is a feature vector {@code l(s)}; the mean is a linear head {@code μ(s) = clip(W l(s) + c, ±2)}; the
 * noise is {@code l(s)ᵀE} for a matrix {@code E} with entries {@code E_ij = σ_ij ε_ij}, {@code σ = exp(log_std)} (one
 * log-std per feature and action dimension). The action is {@code tanh(μ + lᵀE)}, so for a fixed {@code E} the
 * exploration is a smooth function of the state: the same state gives the same perturbation. While acting, each env
 * keeps its matrix for a rollout ({@code train_frequency} steps, or {@code sde_sample_freq}); every gradient step
 * draws a fresh one. Given {@code E}'s distribution, the pre-squash action is Gaussian with variance
 * {@code v_j = Σ_i l_i² σ_ij² + 10⁻⁶}, which gives the log-probability; gradients reach the features, the mean head
 * and the log-stds both through the sample and through {@code v}.
 */
final class GsdeActor implements SacActor {
    private static final double CLIP_MEAN = 2.0;
    private static final double VARIANCE_EPSILON = 1e-6;
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final Network body;
    private final Network head;
    private final Activation activation;
    private final int latentDim;
    private final int actionDim;
    private final double[] logStd;
    private final double[] logStdGradient;
    private final Adam bodyOptimizer;
    private final Adam headOptimizer;
    private final Adam logStdOptimizer;
    /** Per env, the exploration matrix of the current rollout, [latent × action]. */
    private final double[][] rolloutNoise;
    /** The current gradient step's standard-normal draws ε, [latent × action]. */
    private final double[] stepEpsilon;
    // The last sampleForUpdate, kept for update(); [rows × width].
    private final double[] preActivation;
    private final double[] latent;
    private final double[] rawMean;
    private final double[] noise;
    private final double[] variance;
    private final double[] actions;
    // Scratch.
    private final double[] scratchPre;
    private final double[] scratchLatent;
    private final double[] scratchMean;
    private final double[] meanGradient;
    private final double[] latentGradient;
    private final double[] headInputGradient;

    /**
     * @param body observations → features (its output layer is linear; {@code activation} is applied here, as a hidden
     *     layer's)
     * @param head features → means (one linear layer)
     */
    GsdeActor(Network body, Network head, Activation activation, int actionDim, double logStdInit, int numEnvs, int maxBatch) {
        if (head.inputSize() != body.outputSize() || head.outputSize() != actionDim) {
            throw new IllegalArgumentException("gSDE head " + head.inputSize() + " → " + head.outputSize() + " does not fit features "
                    + body.outputSize() + " and " + actionDim + " actions");
        }
        this.body = body;
        this.head = head;
        this.activation = activation;
        this.latentDim = body.outputSize();
        this.actionDim = actionDim;
        this.logStd = new double[latentDim * actionDim];
        Arrays.fill(logStd, logStdInit);
        this.logStdGradient = new double[logStd.length];
        this.bodyOptimizer = new Adam(body.parameters().length, 0.9, 0.999, 1e-8);
        this.headOptimizer = new Adam(head.parameters().length, 0.9, 0.999, 1e-8);
        this.logStdOptimizer = new Adam(logStd.length, 0.9, 0.999, 1e-8);
        this.rolloutNoise = new double[numEnvs][logStd.length];
        this.stepEpsilon = new double[logStd.length];
        int rows = Math.max(maxBatch, numEnvs);
        this.preActivation = new double[rows * latentDim];
        this.latent = new double[rows * latentDim];
        this.rawMean = new double[rows * actionDim];
        this.noise = new double[rows * actionDim];
        this.variance = new double[rows * actionDim];
        this.actions = new double[rows * actionDim];
        this.scratchPre = new double[rows * latentDim];
        this.scratchLatent = new double[rows * latentDim];
        this.scratchMean = new double[rows * actionDim];
        this.meanGradient = new double[rows * actionDim];
        this.latentGradient = new double[rows * latentDim];
        this.headInputGradient = new double[rows * latentDim];
    }

    /** The log-stds, [latent × action] row-major (live). */
    double[] logStd() {
        return logStd;
    }

    @Override
    public void startRollout(RandomGenerator rng) {
        for (double[] e : rolloutNoise) {
            for (int k = 0; k < e.length; k++) {
                e[k] = Math.exp(logStd[k]) * rng.nextGaussian();
            }
        }
    }

    @Override
    public void startGradientStep(RandomGenerator rng) {
        for (int k = 0; k < stepEpsilon.length; k++) {
            stepEpsilon[k] = rng.nextGaussian();
        }
    }

    @Override
    public void explore(double[] obsRows, int n, RandomGenerator rng, double[] out) {
        features(obsRows, n, false, scratchPre, scratchLatent, scratchMean);
        for (int e = 0; e < n; e++) {
            double[] matrix = rolloutNoise[e];
            for (int j = 0; j < actionDim; j++) {
                double sum = 0;
                for (int i = 0; i < latentDim; i++) {
                    sum += scratchLatent[e * latentDim + i] * matrix[i * actionDim + j];
                }
                out[e * actionDim + j] = Math.tanh(clip(scratchMean[e * actionDim + j]) + sum);
            }
        }
    }

    @Override
    public void sampleTarget(double[] obsRows, int b, RandomGenerator rng, double[] out, double[] logProbs) {
        features(obsRows, b, false, scratchPre, scratchLatent, scratchMean);
        sample(b, scratchLatent, scratchMean, null, null, out, logProbs);
    }

    @Override
    public void sampleForUpdate(double[] obsRows, int b, RandomGenerator rng, double[] out, double[] logProbs) {
        features(obsRows, b, true, preActivation, latent, rawMean);
        sample(b, latent, rawMean, noise, variance, actions, logProbs);
        System.arraycopy(actions, 0, out, 0, b * actionDim);
    }

    /** Features and raw means of {@code b} rows. */
    private void features(double[] obsRows, int b, boolean training, double[] pre, double[] lat, double[] mean) {
        body.forward(obsRows, b, pre, training);
        for (int k = 0; k < b * latentDim; k++) {
            lat[k] = activate(pre[k]);
        }
        head.forward(lat, b, mean, training);
    }

    /** Actions {@code tanh(clip(μ) + lᵀE)} with {@code E = σ ⊙ ε} of this gradient step, and their log-probabilities. */
    private void sample(int b, double[] lat, double[] mean, double[] noiseOut, double[] varianceOut, double[] out, double[] logProbs) {
        for (int r = 0; r < b; r++) {
            double logp = 0;
            for (int j = 0; j < actionDim; j++) {
                double n = 0;
                double v = VARIANCE_EPSILON;
                for (int i = 0; i < latentDim; i++) {
                    double l = lat[r * latentDim + i];
                    double sigma = Math.exp(logStd[i * actionDim + j]);
                    n += l * sigma * stepEpsilon[i * actionDim + j];
                    v += l * l * sigma * sigma;
                }
                double u = clip(mean[r * actionDim + j]) + n;
                out[r * actionDim + j] = Math.tanh(u);
                logp += -n * n / (2 * v) - 0.5 * Math.log(v) - LOG_SQRT_2PI - SquashedGaussianHead.logTanhDerivative(u);
                if (noiseOut != null) {
                    noiseOut[r * actionDim + j] = n;
                    varianceOut[r * actionDim + j] = v;
                }
            }
            logProbs[r] = logp;
        }
    }

    @Override
    public void update(double dLogp, double[] dActions, int b, double learningRate) {
        backward(dLogp, dActions, b);
        bodyOptimizer.step(body.parameters(), body.gradients(), learningRate);
        headOptimizer.step(head.parameters(), head.gradients(), learningRate);
        logStdOptimizer.step(logStd, logStdGradient, learningRate);
    }

    /** The gradients of {@link #update} into body, head and {@link #logStdGradient()}, without the step. */
    void backward(double dLogp, double[] dActions, int b) {
        Arrays.fill(logStdGradient, 0);
        Arrays.fill(latentGradient, 0, b * latentDim, 0);
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < actionDim; j++) {
                double a = actions[r * actionDim + j];
                double n = noise[r * actionDim + j];
                double v = variance[r * actionDim + j];
                // d/du of −log(1 − tanh²u) is 2·tanh(u); u = clip(μ) + n.
                double dU = dActions[r * actionDim + j] * (1 - a * a) + dLogp * 2 * a;
                double dN = dU - dLogp * n / v;
                double dV = dLogp * (n * n / (2 * v * v) - 1 / (2 * v));
                double raw = rawMean[r * actionDim + j];
                meanGradient[r * actionDim + j] = raw < -CLIP_MEAN || raw > CLIP_MEAN ? 0 : dU;
                for (int i = 0; i < latentDim; i++) {
                    double l = latent[r * latentDim + i];
                    int k = i * actionDim + j;
                    double sigma = Math.exp(logStd[k]);
                    double e = sigma * stepEpsilon[k];
                    double s2 = sigma * sigma;
                    latentGradient[r * latentDim + i] += dN * e + dV * 2 * l * s2;
                    logStdGradient[k] += dN * l * e + dV * 2 * l * l * s2;
                }
            }
        }
        head.zeroGradients();
        head.backward(meanGradient, headInputGradient);
        for (int k = 0; k < b * latentDim; k++) {
            double dLatent = latentGradient[k] + headInputGradient[k];
            latentGradient[k] = dLatent * activationDerivative(preActivation[k], latent[k]);
        }
        body.zeroGradients();
        body.backward(latentGradient, null);
    }

    double[] logStdGradient() {
        return logStdGradient;
    }

    Network body() {
        return body;
    }

    Network head() {
        return head;
    }

    @Override
    public void mode(double[] obs, double[] action) {
        double[] pre = new double[latentDim];
        double[] lat = new double[latentDim];
        double[] mean = new double[actionDim];
        features(obs, 1, false, pre, lat, mean);
        for (int j = 0; j < actionDim; j++) {
            action[j] = Math.tanh(clip(mean[j]));
        }
    }

    private static double clip(double mean) {
        return Math.max(-CLIP_MEAN, Math.min(CLIP_MEAN, mean));
    }

    private double activate(double x) {
        return switch (activation) {
            case IDENTITY -> x;
            case TANH -> Math.tanh(x);
            case RELU -> x > 0 ? x : 0;
        };
    }

    private double activationDerivative(double x, double y) {
        return switch (activation) {
            case IDENTITY -> 1;
            case TANH -> 1 - y * y;
            case RELU -> x > 0 ? 1 : 0;
        };
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        body.save(out, prefix + "actor.features.");
        head.save(out, prefix + "actor.mean.");
        out.putDoubles(prefix + "actor.log_std", logStd);
        bodyOptimizer.save(out, prefix + "actor_optimizer.features.");
        headOptimizer.save(out, prefix + "actor_optimizer.mean.");
        logStdOptimizer.save(out, prefix + "actor_optimizer.log_std.");
        double[] flat = new double[rolloutNoise.length * logStd.length];
        for (int e = 0; e < rolloutNoise.length; e++) {
            System.arraycopy(rolloutNoise[e], 0, flat, e * logStd.length, logStd.length);
        }
        out.putDoubles(prefix + "actor.rollout_noise", flat);
        out.putDoubles(prefix + "actor.step_epsilon", stepEpsilon);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        if (!in.has(prefix + "actor.log_std")) {
            throw new CheckpointException("the checkpoint's SAC actor has no gSDE log-stds (it was trained with use_sde: false)");
        }
        body.load(in, prefix + "actor.features.");
        head.load(in, prefix + "actor.mean.");
        System.arraycopy(in.doubles(prefix + "actor.log_std", logStd.length), 0, logStd, 0, logStd.length);
        bodyOptimizer.load(in, prefix + "actor_optimizer.features.");
        headOptimizer.load(in, prefix + "actor_optimizer.mean.");
        logStdOptimizer.load(in, prefix + "actor_optimizer.log_std.");
        double[] flat = in.doubles(prefix + "actor.rollout_noise", rolloutNoise.length * logStd.length);
        for (int e = 0; e < rolloutNoise.length; e++) {
            System.arraycopy(flat, e * logStd.length, rolloutNoise[e], 0, logStd.length);
        }
        System.arraycopy(in.doubles(prefix + "actor.step_epsilon", stepEpsilon.length), 0, stepEpsilon, 0, stepEpsilon.length);
    }
}
