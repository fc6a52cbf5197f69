package dev.reins.algorithms.ppo;

import dev.reins.algorithms.ConfigChecks;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.schedule.Schedule;
import java.util.List;

/**
 * PPO hyperparameters, named as in Stable-Baselines3.
 *
 * @param numEnvs envs stepped together
 * @param nSteps vector steps per rollout (a rollout holds nSteps × numEnvs transitions)
 * @param batchSize minibatch size
 * @param nEpochs passes over each rollout
 * @param learningRate Adam step size schedule
 * @param gamma discount
 * @param gaeLambda GAE λ
 * @param clipRange ε schedule of the ratio clip
 * @param clipRangeVf value-clip range, or NaN for no value clipping
 * @param normalizeAdvantage normalize advantages per minibatch
 * @param entCoef entropy bonus weight
 * @param vfCoef value-loss weight
 * @param maxGradNorm global gradient-norm clip over policy and value parameters together
 * @param targetKl stop an update's epochs once the approximate KL exceeds 1.5 × this (NaN: never)
 * @param hidden hidden widths of the (separate) policy and value networks
 * @param activation hidden activation
 * @param precision arithmetic of the networks' passes ({@code float64} or {@code float32}; parameters and Adam stay float64)
 * @param networkBackend what computes the networks: {@code java} (the plain-Java MLP) or {@code dl4j} (Deeplearning4j)
 * @param adamEpsilon Adam's ε (1e-5 as SB3 and CleanRL use for PPO)
 * @param normalizeObservations normalize observations with running statistics (SB3 VecNormalize; saved in checkpoints)
 * @param normalizeRewards scale rewards by the running std of the discounted return (SB3 VecNormalize)
 * @param policyLoss {@code CLIP} (PPO-Clip) or {@code ADAPTIVE_KL} (no clip; a KL-to-old-policy penalty whose
 *     coefficient doubles or halves after each update to track {@code adaptiveKlTarget}, Schulman et al. 2017 §4)
 * @param klCoefInit the initial penalty coefficient β of {@code ADAPTIVE_KL}
 * @param adaptiveKlTarget the KL per update {@code ADAPTIVE_KL} aims at (d_targ)
 * @param orthoInit orthogonal initialization (SB3's default) rather than PyTorch's default layer init
 * @param logStdInit the initial log-std of the Gaussian (of every (feature, action) entry with gSDE)
 * @param useSde generalized state-dependent exploration for Box actions: per-env noise matrices on the policy's last
 *     hidden features, fixed for a rollout ({@link dev.reins.algorithms.common.StateDependentNoise}); what
 *     rl-baselines3-zoo uses on MountainCarContinuous-v0
 * @param sdeSampleFreq gSDE: vector steps between new noise matrices while collecting; −1 once per rollout
 */
public record PpoConfig(int numEnvs, int nSteps, int batchSize, int nEpochs, Schedule learningRate, double gamma, double gaeLambda,
        Schedule clipRange, double clipRangeVf, boolean normalizeAdvantage, double entCoef, double vfCoef, double maxGradNorm,
        double targetKl, List<Integer> hidden, Activation activation, Precision precision, NetworkBackend networkBackend,
        double adamEpsilon,
        boolean normalizeObservations,
        boolean normalizeRewards, PolicyLoss policyLoss, double klCoefInit, double adaptiveKlTarget, boolean orthoInit, double logStdInit,
        boolean useSde, int sdeSampleFreq) {

    /** The policy objective. */
    public enum PolicyLoss {
        /** The clipped surrogate. */
        CLIP,
        /** The unclipped surrogate minus an adaptive KL penalty to the rollout's policy. */
        ADAPTIVE_KL
    }

    public PpoConfig {
        positive("num_envs", numEnvs);
        positive("n_steps", nSteps);
        positive("batch_size", batchSize);
        positive("n_epochs", nEpochs);
        ConfigChecks.scheduleInRange("learning_rate", learningRate, 0, 1);
        ConfigChecks.inClosedRange("gamma", gamma, 0, 1);
        ConfigChecks.inClosedRange("gae_lambda", gaeLambda, 0, 1);
        ConfigChecks.scheduleInRange("clip_range", clipRange, 0, 10);
        if (!Double.isNaN(clipRangeVf) && !(clipRangeVf > 0)) {
            throw new IllegalArgumentException("clip_range_vf must be > 0 or .nan (no value clipping), got " + clipRangeVf);
        }
        ConfigChecks.finite("ent_coef", entCoef);
        ConfigChecks.inClosedRange("vf_coef", vfCoef, 0, 1e6);
        ConfigChecks.positive("max_grad_norm", maxGradNorm);
        if (!Double.isNaN(targetKl) && !(targetKl > 0)) {
            throw new IllegalArgumentException("target_kl must be > 0 or .nan (no early stop), got " + targetKl);
        }
        if (hidden == null || hidden.stream().anyMatch(h -> h == null || h <= 0)) {
            throw new IllegalArgumentException("hidden must be a list of positive layer widths, got " + hidden);
        }
        hidden = List.copyOf(hidden);
        if (activation == null) {
            throw new IllegalArgumentException("activation must be one of " + java.util.Arrays.toString(Activation.values()));
        }
        ConfigChecks.notNull("precision", precision, Precision.values());
        ConfigChecks.notNull("network_backend", networkBackend, NetworkBackend.values());
        ConfigChecks.positive("adam_epsilon", adamEpsilon);
        if (policyLoss == null) {
            throw new IllegalArgumentException("policy_loss must be one of " + java.util.Arrays.toString(PolicyLoss.values()));
        }
        ConfigChecks.positive("kl_coef_init", klCoefInit);
        ConfigChecks.positive("adaptive_kl_target", adaptiveKlTarget);
        ConfigChecks.inClosedRange("log_std_init", logStdInit, -20, 2);
        if (sdeSampleFreq == 0 || sdeSampleFreq < -1) {
            throw new IllegalArgumentException("sde_sample_freq must be -1 (once per rollout) or > 0, got " + sdeSampleFreq);
        }
        if (useSde && hidden.isEmpty()) {
            throw new IllegalArgumentException("use_sde needs at least one hidden layer (its features), got hidden " + hidden);
        }
        if (useSde && networkBackend != NetworkBackend.JAVA) {
            throw new IllegalArgumentException("use_sde needs network_backend: java (gSDE reads the policy's hidden features), got "
                    + networkBackend.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (batchSize > numEnvs * nSteps) {
            throw new IllegalArgumentException("batch_size " + batchSize + " exceeds the rollout size n_steps × num_envs = "
                    + numEnvs * nSteps);
        }
    }

    /** The configuration with SB3's policy defaults: orthogonal init, log-std 0, no gSDE. */
    public PpoConfig(int numEnvs, int nSteps, int batchSize, int nEpochs, Schedule learningRate, double gamma, double gaeLambda,
            Schedule clipRange, double clipRangeVf, boolean normalizeAdvantage, double entCoef, double vfCoef, double maxGradNorm,
            double targetKl, List<Integer> hidden, Activation activation, Precision precision, NetworkBackend networkBackend,
            double adamEpsilon, boolean normalizeObservations, boolean normalizeRewards, PolicyLoss policyLoss, double klCoefInit,
            double adaptiveKlTarget) {
        this(numEnvs, nSteps, batchSize, nEpochs, learningRate, gamma, gaeLambda, clipRange, clipRangeVf, normalizeAdvantage, entCoef, vfCoef,
                maxGradNorm, targetKl, hidden, activation, precision, networkBackend, adamEpsilon, normalizeObservations, normalizeRewards,
                policyLoss, klCoefInit, adaptiveKlTarget, true, 0.0, false, -1);
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }

    /** SB3's PPO defaults (one env, 2048 steps, batch 64, 10 epochs, lr 3e-4, [64, 64] tanh). */
    public static PpoConfig defaults() {
        return new PpoConfig(1, 2048, 64, 10, new Schedule.Constant(3e-4), 0.99, 0.95, new Schedule.Constant(0.2), Double.NaN, true,
                0.0, 0.5, 0.5, Double.NaN, List.of(64, 64), Activation.TANH, Precision.FLOAT32, NetworkBackend.JAVA, 1e-5,
                false, false, PolicyLoss.CLIP,
                1.0, 0.01);
    }
}
