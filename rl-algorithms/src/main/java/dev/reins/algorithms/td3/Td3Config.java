package dev.reins.algorithms.td3;

import dev.reins.algorithms.ConfigChecks;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.offpolicy.ActionNoise;
import java.util.List;

/**
 * TD3 / DDPG hyperparameters, named and defaulted as in Stable-Baselines3.
 *
 * @param numEnvs envs stepped together
 * @param bufferSize replay capacity
 * @param learningStarts env steps of uniform random actions before learning
 * @param batchSize replay minibatch
 * @param tau Polyak coefficient of the target networks
 * @param gamma discount
 * @param trainFrequency vector steps between training rounds
 * @param gradientSteps gradient steps per training round
 * @param learningRate Adam step size (actor and critics)
 * @param policyDelay critic updates per actor (and target) update
 * @param targetPolicyNoise σ of the target policy smoothing noise (0: none)
 * @param targetNoiseClip the smoothing noise is clipped to ±this
 * @param actionNoise exploration noise type
 * @param actionNoiseStd σ of the exploration noise, in the policy's [−1, 1] units
 * @param nCritics 2 (TD3's twin critics, target = the minimum) or 1 (DDPG)
 * @param hidden hidden widths of the actor and critics
 * @param activation hidden activation
 * @param precision arithmetic of the networks' passes ({@code float64} or {@code float32}; parameters and Adam stay float64)
 * @param networkBackend what computes the networks: {@code java} (the plain-Java MLP) or {@code dl4j} (Deeplearning4j)
 * @param threads CPU threads of a gradient step: 2 runs the twin critics side by side and splits the actor's backward
 *     passes; every value gives the same bits, more only shortens the wall time where a core is free
 */
public record Td3Config(int numEnvs, int bufferSize, int learningStarts, int batchSize, double tau, double gamma, int trainFrequency,
        int gradientSteps, double learningRate, int policyDelay, double targetPolicyNoise, double targetNoiseClip,
        ActionNoise.Type actionNoise, double actionNoiseStd, int nCritics, List<Integer> hidden, Activation activation,
        Precision precision, NetworkBackend networkBackend, int threads) {

    public Td3Config {
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
        ConfigChecks.positive("policy_delay", policyDelay);
        ConfigChecks.inClosedRange("target_policy_noise", targetPolicyNoise, 0, 10);
        ConfigChecks.inClosedRange("target_noise_clip", targetNoiseClip, 0, 10);
        ConfigChecks.notNull("action_noise", actionNoise, ActionNoise.Type.values());
        ConfigChecks.inClosedRange("action_noise_std", actionNoiseStd, 0, 10);
        ConfigChecks.inClosedRange("n_critics", nCritics, 1, 2);
        hidden = ConfigChecks.layerWidths("hidden", hidden);
        ConfigChecks.notNull("activation", activation, Activation.values());
        ConfigChecks.notNull("precision", precision, Precision.values());
        ConfigChecks.notNull("network_backend", networkBackend, NetworkBackend.values());
    }

    /** SB3's TD3 defaults plus Gaussian exploration noise σ 0.1 (SB3 has none by default; every zoo config sets one). */
    public static Td3Config defaults() {
        return new Td3Config(1, 1_000_000, 100, 256, 0.005, 0.99, 1, 1, 1e-3, 2, 0.2, 0.5, ActionNoise.Type.NORMAL, 0.1, 2,
                List.of(400, 300), Activation.RELU, Precision.FLOAT32, NetworkBackend.JAVA, 1);
    }

    /** SB3's DDPG: TD3 with one critic, no target smoothing, actor updated every step. */
    public static Td3Config ddpgDefaults() {
        return new Td3Config(1, 1_000_000, 100, 256, 0.005, 0.99, 1, 1, 1e-3, 1, 0.0, 0.0, ActionNoise.Type.NORMAL, 0.1, 1,
                List.of(400, 300), Activation.RELU, Precision.FLOAT32, NetworkBackend.JAVA, 1);
    }
}
