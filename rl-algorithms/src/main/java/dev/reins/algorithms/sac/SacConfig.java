package dev.reins.algorithms.sac;

import dev.reins.algorithms.ConfigChecks;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import java.util.List;

/**
 * SAC hyperparameters, named and defaulted as in Stable-Baselines3.
 *
 * @param numEnvs envs stepped together
 * @param bufferSize replay capacity
 * @param learningStarts env steps of uniform random actions before learning
 * @param batchSize replay minibatch
 * @param tau Polyak coefficient of the target critics
 * @param gamma discount
 * @param trainFrequency vector steps between training rounds
 * @param gradientSteps gradient steps per training round
 * @param learningRate Adam step size (actor, critics, temperature)
 * @param autoEntropy tune the temperature α toward {@code targetEntropy} (SB3's {@code ent_coef: auto})
 * @param entCoef the initial α when tuned, the fixed α otherwise
 * @param targetEntropy the entropy α is tuned toward; NaN means −dim(A)
 * @param targetUpdateInterval gradient steps between target updates
 * @param hidden hidden widths of the actor and critics
 * @param activation hidden activation
 * @param precision arithmetic of the networks' passes ({@code float64} or {@code float32}; parameters and Adam stay float64)
 * @param networkBackend what computes the networks: {@code java} (the plain-Java MLP) or {@code dl4j} (Deeplearning4j)
 * @param useSde generalized state-dependent exploration ({@link GsdeActor}) instead of a Gaussian with fresh noise
 *     every step; what rl-baselines3-zoo uses where exploration must be sustained (MountainCarContinuous-v0)
 * @param logStdInit gSDE: the initial log-std of every (feature, action) pair (SB3's {@code log_std_init}, default −3)
 * @param sdeSampleFreq gSDE: vector steps between new exploration matrices while acting; −1 = once per rollout (every
 *     {@code train_frequency} vector steps), as SB3's default
 * @param threads CPU threads of a gradient step: 2 runs the twin critics side by side and splits the actor's backward
 *     passes; every value gives the same bits, more only shortens the wall time where a core is free
 */
public record SacConfig(int numEnvs, int bufferSize, int learningStarts, int batchSize, double tau, double gamma, int trainFrequency,
        int gradientSteps, double learningRate, boolean autoEntropy, double entCoef, double targetEntropy, int targetUpdateInterval,
        List<Integer> hidden, Activation activation, Precision precision, NetworkBackend networkBackend, boolean useSde, double logStdInit,
        int sdeSampleFreq, int threads) {

    public SacConfig {
        ConfigChecks.positive("threads", threads);
        ConfigChecks.positive("num_envs", numEnvs);
        ConfigChecks.positive("buffer_size", bufferSize);
        ConfigChecks.inClosedRange("learning_starts", learningStarts, 0, Integer.MAX_VALUE);
        ConfigChecks.positive("batch_size", batchSize);
        ConfigChecks.inClosedRange("tau", tau, 0, 1);
        ConfigChecks.inClosedRange("gamma", gamma, 0, 1);
        ConfigChecks.positive("train_frequency", trainFrequency);
        ConfigChecks.positive("gradient_steps", gradientSteps);
        ConfigChecks.inClosedRange("learning_rate", learningRate, 0, 1);
        ConfigChecks.positive("ent_coef", entCoef);
        if (!Double.isNaN(targetEntropy)) {
            ConfigChecks.finite("target_entropy", targetEntropy);
        }
        ConfigChecks.positive("target_update_interval", targetUpdateInterval);
        hidden = ConfigChecks.layerWidths("hidden", hidden);
        ConfigChecks.notNull("activation", activation, Activation.values());
        ConfigChecks.notNull("precision", precision, Precision.values());
        ConfigChecks.notNull("network_backend", networkBackend, NetworkBackend.values());
        ConfigChecks.inClosedRange("log_std_init", logStdInit, -20, 2);
        if (sdeSampleFreq == 0 || sdeSampleFreq < -1) {
            throw new IllegalArgumentException("sde_sample_freq must be -1 (once per rollout) or > 0, got " + sdeSampleFreq);
        }
        if (useSde && hidden.isEmpty()) {
            throw new IllegalArgumentException("use_sde needs at least one hidden layer (its features), got hidden " + hidden);
        }
    }

    /** SB3's SAC defaults: buffer 1M, learning starts 100, batch 256, τ 0.005, γ 0.99, lr 3e-4, α auto from 1, [256, 256] ReLU, no gSDE. */
    public static SacConfig defaults() {
        return new SacConfig(1, 1_000_000, 100, 256, 0.005, 0.99, 1, 1, 3e-4, true, 1.0, Double.NaN, 1, List.of(256, 256),
                Activation.RELU, Precision.FLOAT32, NetworkBackend.JAVA, false, -3.0, -1, 1);
    }
}
