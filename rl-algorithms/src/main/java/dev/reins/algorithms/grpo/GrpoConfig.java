package dev.reins.algorithms.grpo;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.reins.algorithms.ConfigChecks;
import dev.reins.algorithms.loss.ClippedSurrogateLoss;

/**
 * GRPO hyperparameters (names as in TRL's GRPOConfig where one exists).
 *
 * <pre>{@code
 * GrpoConfig c = GrpoConfig.defaults().withGroupSize(8).withKlCoefficient(0.04);
 * }</pre>
 *
 * @param startsPerIteration distinct starts (prompts) sampled per iteration
 * @param groupSize episodes (completions) per start, G
 * @param epochs optimizer passes over each iteration's episodes (μ; 1 = on-policy, the ratio is then 1)
 * @param minibatchSize episodes per optimizer step
 * @param learningRate Adam step size
 * @param clip ε of the clipped ratio (its lower side, 1 − ε, when {@code clip_high} is set)
 * @param klCoefficient β of the KL penalty to the frozen reference (0 = no reference is kept)
 * @param klEstimator k1 or k3 (the unbiased, always non-negative estimator of Schulman's note)
 * @param aggregation how per-token losses are averaged: token_mean (every token of the batch weighs the same; TRL's
 *     bnpo), sequence_mean (every episode weighs the same; TRL's grpo) or dr_grpo (sum over tokens divided by episodes ×
 *     {@code max_episode_steps}, a constant, so neither length nor batch composition rescales the gradient; Liu et al.,
 *     2025)
 * @param scaleRewardsByStd divide group-centered rewards by the group's std (Dr. GRPO turns this off)
 * @param entropyCoefficient bonus on the policy's entropy
 * @param maxGradNorm global gradient-norm clip
 * @param maxEpisodeSteps safety bound on episode length
 * @param learningRateDecayIterations iterations over which the learning rate falls linearly to 10 % of
 *     {@code learning_rate} and then stays (0 = constant); late iterations then refine instead of jitter
 * @param leaveOneOut RLOO (Ahmadian et al., 2024): each episode's baseline is the mean return of the other G − 1
 *     episodes of its group instead of the group's mean (unbiased); {@code scale_rewards_by_std} still divides by the
 *     group's std when on
 * @param clipHigh upper clip ε_high (the ratio is clipped to [1 − ε, 1 + ε_high]; DAPO's clip-higher, TRL's
 *     {@code epsilon_high}); null means ε
 * @param warmupIterations iterations over which the learning rate rises linearly to {@code learning_rate} before
 *     any decay (0 = none): Adam's first steps move every weight by about the learning rate whatever the gradient's
 *     size, which knocks a fine-tuned model back before it learns
 * @param dynamicSampling DAPO's dynamic sampling: groups whose episodes all scored the same (zero advantage) are
 *     dropped and more groups are sampled, up to {@code max_sampling_rounds} rounds of {@code starts_per_iteration},
 *     until {@code starts_per_iteration} groups with a learning signal are in hand. Without it, such groups stay in the
 *     batch with zero advantage and dilute every token-mean step: at 90 % accuracy most groups are all-correct and the
 *     effective step shrinks as the policy improves
 * @param maxSamplingRounds rounds of sampling an iteration may take under {@code dynamic_sampling} (it trains on what
 *     it has after the last; with no informative group at all it skips the update)
 * @param replayFraction prompt replay: up to this fraction of every sampling round's starts are drawn from a buffer of
 *     recent starts whose group's rewards differed (0 = every start is fresh). A replayed start is played again by the
 *     current policy — the episodes stay on-policy; only the choice of prompts leans toward those still being learned.
 *     A start stays in the buffer while its groups keep differing and leaves when a group scores all the same
 *     (solved, or out of reach); the buffer is part of the checkpoint
 * @param replayCapacity starts the replay buffer holds (the oldest are dropped first)
 * @param selfImitationCoefficient λ of self-imitation (after Oh et al., 2018; 0 = off): episodes whose advantage was
 *     positive and at least {@code self_imitation_min_advantage} are kept, and every optimizer step adds λ × the mean
 *     negative log-likelihood per action of {@code self_imitation_batch} of them. GRPO learns a prompt only while its group's
 *     samples differ; once the policy stops sampling a rare right answer (the group is all wrong) it gets no signal to
 *     find it again. The replay keeps pulling such answers back into the samples. The buffer is part of the checkpoint
 * @param selfImitationMinAdvantage the advantage an episode needs to be kept; with 0/1 rewards, std scaling and 16
 *     samples, 1.5 keeps successes of groups where at most 4 of 16 succeeded. Without std scaling an advantage is a
 *     reward difference (below 1 for 0/1 rewards), so set it on that scale, e.g. 0.7; {@code self_imitation_buffer} in
 *     the metrics shows whether anything is kept
 * @param selfImitationBatch stored episodes replayed in each optimizer step (drawn uniformly)
 * @param selfImitationCapacity episodes the buffer holds (the oldest are dropped first)
 */
public record GrpoConfig(
        @JsonProperty("starts_per_iteration") int startsPerIteration,
        @JsonProperty("group_size") int groupSize,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("minibatch_size") int minibatchSize,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("clip") double clip,
        @JsonProperty("kl_coefficient") double klCoefficient,
        @JsonProperty("kl_estimator") ClippedSurrogateLoss.KlEstimator klEstimator,
        @JsonProperty("aggregation") ClippedSurrogateLoss.Aggregation aggregation,
        @JsonProperty("scale_rewards_by_std") boolean scaleRewardsByStd,
        @JsonProperty("entropy_coefficient") double entropyCoefficient,
        @JsonProperty("max_grad_norm") double maxGradNorm,
        @JsonProperty("max_episode_steps") int maxEpisodeSteps,
        @JsonProperty("learning_rate_decay_iterations") int learningRateDecayIterations,
        @JsonProperty("leave_one_out") boolean leaveOneOut,
        @JsonProperty("clip_high") Double clipHigh,
        @JsonProperty("warmup_iterations") int warmupIterations,
        @JsonProperty("dynamic_sampling") boolean dynamicSampling,
        @JsonProperty("max_sampling_rounds") int maxSamplingRounds,
        @JsonProperty("replay_fraction") double replayFraction,
        @JsonProperty("replay_capacity") int replayCapacity,
        @JsonProperty("self_imitation_coefficient") double selfImitationCoefficient,
        @JsonProperty("self_imitation_min_advantage") double selfImitationMinAdvantage,
        @JsonProperty("self_imitation_batch") int selfImitationBatch,
        @JsonProperty("self_imitation_capacity") int selfImitationCapacity) {

    public GrpoConfig {
        ConfigChecks.positive("starts_per_iteration", startsPerIteration);
        if (groupSize < 2) {
            throw new IllegalArgumentException("group_size must be >= 2 (advantages are relative to the group), got " + groupSize);
        }
        ConfigChecks.positive("epochs", epochs);
        ConfigChecks.positive("minibatch_size", minibatchSize);
        ConfigChecks.positive("learning_rate", learningRate);
        ConfigChecks.inClosedRange("clip", clip, 0, 10);
        ConfigChecks.inClosedRange("kl_coefficient", klCoefficient, 0, 1e6);
        ConfigChecks.notNull("kl_estimator", klEstimator, ClippedSurrogateLoss.KlEstimator.values());
        ConfigChecks.notNull("aggregation", aggregation, ClippedSurrogateLoss.Aggregation.values());
        ConfigChecks.finite("entropy_coefficient", entropyCoefficient);
        ConfigChecks.positive("max_grad_norm", maxGradNorm);
        ConfigChecks.positive("max_episode_steps", maxEpisodeSteps);
        if (clipHigh != null) {
            ConfigChecks.inClosedRange("clip_high", clipHigh, 0, 10);
        }
        if (maxSamplingRounds < 1) {
            throw new IllegalArgumentException("max_sampling_rounds must be >= 1, got " + maxSamplingRounds);
        }
        ConfigChecks.inClosedRange("replay_fraction", replayFraction, 0, 1);
        if (replayCapacity < 0) {
            throw new IllegalArgumentException("replay_capacity must be >= 0, got " + replayCapacity);
        }
        if (replayFraction > 0 && replayCapacity == 0) {
            throw new IllegalArgumentException("replay_fraction " + replayFraction + " needs replay_capacity >= 1");
        }
        ConfigChecks.inClosedRange("self_imitation_coefficient", selfImitationCoefficient, 0, 1e6);
        ConfigChecks.finite("self_imitation_min_advantage", selfImitationMinAdvantage);
        if (selfImitationCoefficient > 0 && (selfImitationBatch < 1 || selfImitationCapacity < 1)) {
            throw new IllegalArgumentException("self_imitation_coefficient " + selfImitationCoefficient
                    + " needs self_imitation_batch >= 1 and self_imitation_capacity >= 1, got " + selfImitationBatch + " and "
                    + selfImitationCapacity);
        }
        if (warmupIterations < 0) {
            throw new IllegalArgumentException("warmup_iterations must be >= 0 (0 = none), got " + warmupIterations);
        }
        if (learningRateDecayIterations < 0) {
            throw new IllegalArgumentException("learning_rate_decay_iterations must be >= 0 (0 = constant), got "
                    + learningRateDecayIterations);
        }
    }

    /** ε_high: {@code clip_high}, or {@code clip} when that is unset. */
    public double upperClip() {
        return clipHigh == null ? clip : clipHigh;
    }

    /** The learning rate of (0-based) iteration {@code iteration}. */
    public double learningRateAt(int iteration) {
        double warmup = iteration < warmupIterations ? (iteration + 1) / (double) warmupIterations : 1;
        if (learningRateDecayIterations == 0) {
            return learningRate * warmup;
        }
        return learningRate * warmup * (1 - 0.9 * Math.min(1.0, iteration / (double) learningRateDecayIterations));
    }

    /**
     * 8 starts × G 8, one epoch, lr 1e-4, ε 0.2, β 0.04 with k3, token-mean, std scaling on, clip norm 1, no replay, no
     * self-imitation.
     */
    public static GrpoConfig defaults() {
        return new GrpoConfig(8, 8, 1, 64, 1e-4, 0.2, 0.04, ClippedSurrogateLoss.KlEstimator.K3,
                ClippedSurrogateLoss.Aggregation.TOKEN_MEAN, true, 0.0, 1.0, 1024, 0, false, null, 0, false, 4, 0.0, 256, 0.0, 1.5,
                16, 1024);
    }

    public GrpoConfig withStartsPerIteration(int v) {
        return edit(d -> d.startsPerIteration = v);
    }

    public GrpoConfig withGroupSize(int v) {
        return edit(d -> d.groupSize = v);
    }

    public GrpoConfig withEpochs(int v) {
        return edit(d -> d.epochs = v);
    }

    public GrpoConfig withMinibatchSize(int v) {
        return edit(d -> d.minibatchSize = v);
    }

    public GrpoConfig withLearningRate(double v) {
        return edit(d -> d.learningRate = v);
    }

    public GrpoConfig withKlCoefficient(double v) {
        return edit(d -> d.klCoefficient = v);
    }

    public GrpoConfig withEntropyCoefficient(double v) {
        return edit(d -> d.entropyCoefficient = v);
    }

    public GrpoConfig withAggregation(ClippedSurrogateLoss.Aggregation v) {
        return edit(d -> d.aggregation = v);
    }

    public GrpoConfig withScaleRewardsByStd(boolean v) {
        return edit(d -> d.scaleRewardsByStd = v);
    }

    public GrpoConfig withMaxEpisodeSteps(int v) {
        return edit(d -> d.maxEpisodeSteps = v);
    }

    public GrpoConfig withLearningRateDecayIterations(int v) {
        return edit(d -> d.learningRateDecayIterations = v);
    }

    /** RLOO: the baseline of each episode is the mean return of the other G − 1 of its group. */
    public GrpoConfig withLeaveOneOut(boolean v) {
        return edit(d -> d.leaveOneOut = v);
    }

    /** Clip-higher: ratios are clipped to [1 − clip, 1 + v]. */
    public GrpoConfig withClipHigh(double v) {
        return edit(d -> d.clipHigh = v);
    }

    public GrpoConfig withWarmupIterations(int v) {
        return edit(d -> d.warmupIterations = v);
    }

    /** DAPO's dynamic sampling with at most {@code rounds} rounds per iteration. */
    public GrpoConfig withDynamicSampling(boolean on, int rounds) {
        return edit(d -> {
            d.dynamicSampling = on;
            d.maxSamplingRounds = rounds;
        });
    }

    /** Prompt replay: up to {@code fraction} of each round's starts from a buffer of {@code capacity} unsettled starts. */
    public GrpoConfig withReplay(double fraction, int capacity) {
        return edit(d -> {
            d.replayFraction = fraction;
            d.replayCapacity = capacity;
        });
    }

    /**
     * Self-imitation: episodes with an advantage of at least {@code minAdvantage} are kept ({@code capacity} at most) and
     * each optimizer step adds {@code coefficient} × the mean negative log-likelihood of {@code batch} of them.
     */
    public GrpoConfig withSelfImitation(double coefficient, double minAdvantage, int batch, int capacity) {
        return edit(d -> {
            d.selfImitationCoefficient = coefficient;
            d.selfImitationMinAdvantage = minAdvantage;
            d.selfImitationBatch = batch;
            d.selfImitationCapacity = capacity;
        });
    }

    /** A copy with some fields changed; every with-er goes through it, so a new field is added in one place. */
    private GrpoConfig edit(java.util.function.Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return d.build();
    }

    /** The fields of a config being edited. */
    private static final class Draft {
        int startsPerIteration;
        int groupSize;
        int epochs;
        int minibatchSize;
        double learningRate;
        double clip;
        double klCoefficient;
        ClippedSurrogateLoss.KlEstimator klEstimator;
        ClippedSurrogateLoss.Aggregation aggregation;
        boolean scaleRewardsByStd;
        double entropyCoefficient;
        double maxGradNorm;
        int maxEpisodeSteps;
        int learningRateDecayIterations;
        boolean leaveOneOut;
        Double clipHigh;
        int warmupIterations;
        boolean dynamicSampling;
        int maxSamplingRounds;
        double replayFraction;
        int replayCapacity;
        double selfImitationCoefficient;
        double selfImitationMinAdvantage;
        int selfImitationBatch;
        int selfImitationCapacity;

        Draft(GrpoConfig c) {
            startsPerIteration = c.startsPerIteration;
            groupSize = c.groupSize;
            epochs = c.epochs;
            minibatchSize = c.minibatchSize;
            learningRate = c.learningRate;
            clip = c.clip;
            klCoefficient = c.klCoefficient;
            klEstimator = c.klEstimator;
            aggregation = c.aggregation;
            scaleRewardsByStd = c.scaleRewardsByStd;
            entropyCoefficient = c.entropyCoefficient;
            maxGradNorm = c.maxGradNorm;
            maxEpisodeSteps = c.maxEpisodeSteps;
            learningRateDecayIterations = c.learningRateDecayIterations;
            leaveOneOut = c.leaveOneOut;
            clipHigh = c.clipHigh;
            warmupIterations = c.warmupIterations;
            dynamicSampling = c.dynamicSampling;
            maxSamplingRounds = c.maxSamplingRounds;
            replayFraction = c.replayFraction;
            replayCapacity = c.replayCapacity;
            selfImitationCoefficient = c.selfImitationCoefficient;
            selfImitationMinAdvantage = c.selfImitationMinAdvantage;
            selfImitationBatch = c.selfImitationBatch;
            selfImitationCapacity = c.selfImitationCapacity;
        }

        GrpoConfig build() {
            return new GrpoConfig(startsPerIteration, groupSize, epochs, minibatchSize, learningRate, clip, klCoefficient,
                    klEstimator, aggregation, scaleRewardsByStd, entropyCoefficient, maxGradNorm, maxEpisodeSteps,
                    learningRateDecayIterations, leaveOneOut, clipHigh, warmupIterations, dynamicSampling, maxSamplingRounds,
                    replayFraction, replayCapacity, selfImitationCoefficient, selfImitationMinAdvantage, selfImitationBatch,
                    selfImitationCapacity);
        }
    }
}
