package dev.reins.algorithms.rlhf;

import dev.reins.algorithms.common.PolicyGradientMath;
import dev.reins.algorithms.grpo.Episode;
import dev.reins.algorithms.grpo.EpisodeBatches;
import dev.reins.algorithms.grpo.EpisodeScorer;
import dev.reins.algorithms.grpo.GroupRollouts;
import dev.reins.algorithms.grpo.SequencePolicy;
import dev.reins.algorithms.loss.ClippedSurrogateLoss;
import dev.reins.core.algorithm.TrainingDivergedException;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.env.Env;
import dev.reins.core.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * PPO for RLHF with its four models — the policy, a critic, a frozen reference (the policy as it started) and an
 * episode scorer (a reward model) — generic over any episodic env with discrete actions. One {@link #iterate
 * iteration}:
 *
 * <ol>
 *   <li>play one episode from each of {@code prompts_per_iteration} random starts (a language model: complete
 *       prompts);</li>
 *   <li>score every episode (minus {@code missing_eos_penalty} if it was truncated instead of stopping; clipped to
 *       ±{@code reward_clip}); take the sampling policy's log-probs, the reference's and the critic's values;</li>
 *   <li>per-step reward r_t = −β·kl_t (k1: log π − log π_ref, or k3), plus the score at the last step;</li>
 *   <li>GAE over steps (γ, λ; the episode's end is terminal), value targets A + V, advantages whitened;</li>
 *   <li>{@code epochs} passes over shuffled minibatches: the shared {@link ClippedSurrogateLoss} (no KL term there —
 *       it is in the reward) through the policy, and the clipped value loss through the critic;</li>
 *   <li>the KL controller adapts β to the batch's per-episode KL (when adaptive).</li>
 * </ol>
 *
 * Metrics carry TRL's names ({@link #METRICS}): {@code objective/kl}, {@code objective/entropy},
 * {@code objective/non_score_reward}, {@code objective/rlhf_reward}, {@code objective/scores},
 * {@code policy/approxkl_avg}, {@code policy/clipfrac_avg}, {@code loss/policy_avg}, {@code loss/value_avg},
 * {@code val/clipfrac_avg}, {@code val/vpred}, {@code val/num_eos_tokens}, ..., and, with a monitor scorer (a gold
 * reward or verifier beside the reward model), {@code objective/monitor_scores}.
 *
 * <pre>{@code
 * PpoRlhf<int[]> ppo = new PpoRlhf<>(policy, critic, () -> new TokenEnv(...), rewardModelScorer, null,
 *         PpoRlhfConfig.defaults(), 0L);
 * Map<String, Double> m = ppo.iterate();
 * }</pre>
 */
public final class PpoRlhf<O> implements Checkpointable {
    /** The metric names of {@link #iterate}, in log order. */
    public static final List<String> METRICS = List.of("iteration", "objective/kl", "objective/entropy", "objective/non_score_reward",
            "objective/rlhf_reward", "objective/scores", "objective/monitor_scores", "policy/approxkl_avg", "policy/clipfrac_avg",
            "policy/entropy_avg", "loss/policy_avg", "loss/value_avg", "val/clipfrac_avg", "val/vpred", "val/num_eos_tokens",
            "kl_coefficient", "completion_length", "policy/grad_norm", "val/grad_norm", "sample_tokens_per_second",
            "train_tokens_per_second");

    private final SequencePolicy<O> policy;
    private final SequencePolicy<O> reference;
    private final SequenceCritic<O> critic;
    private final List<Env<O, Integer>> envs;
    private final EpisodeScorer<O> scorer;
    private final EpisodeScorer<O> monitor;
    private final PpoRlhfConfig config;
    private final ClippedSurrogateLoss policyLoss;
    private final AdaptiveKlController kl;
    private final Rng rng;
    private int iteration;

    /**
     * @param scorer the score of each finished episode (a reward model); {@link EpisodeScorer#envReturn()} for the env's return
     * @param monitor an independent score logged beside it (a gold reward or verifier), or null
     */
    public PpoRlhf(SequencePolicy<O> policy, SequenceCritic<O> critic, Supplier<? extends Env<O, Integer>> envFactory,
            EpisodeScorer<O> scorer, EpisodeScorer<O> monitor, PpoRlhfConfig config, long seed) {
        this.policy = policy;
        this.reference = policy.frozenCopy();
        this.critic = critic;
        this.scorer = scorer;
        this.monitor = monitor;
        this.config = config;
        this.envs = new ArrayList<>();
        for (int i = 0; i < config.promptsPerIteration(); i++) {
            envs.add(envFactory.get());
        }
        this.policyLoss = new ClippedSurrogateLoss(new ClippedSurrogateLoss.Config(config.clip(), Double.NaN, config.entropyCoefficient(),
                0.0, config.klEstimator(), ClippedSurrogateLoss.Aggregation.TOKEN_MEAN));
        this.kl = new AdaptiveKlController(config.klCoefficient(), config.adaptiveKl(), config.targetKl(), config.klHorizon());
        this.rng = new Rng(seed);
    }

    public PpoRlhfConfig config() {
        return config;
    }

    /** Iterations done so far. */
    public int iteration() {
        return iteration;
    }

    /** The current KL coefficient β. */
    public double klCoefficient() {
        return kl.value();
    }

    /** One iteration: sample, score, shape, estimate advantages, optimize policy and critic; returns {@link #METRICS}. */
    public Map<String, Double> iterate() {
        int n = config.promptsPerIteration();
        long[] starts = new long[n];
        for (int i = 0; i < n; i++) {
            starts[i] = rng.nextLong();
        }
        long sampleStart = System.nanoTime();
        List<Episode<O>> episodes = GroupRollouts.play(envs, starts, 1, policy, rng.nextLong(), config.maxEpisodeSteps());
        double sampleSeconds = (System.nanoTime() - sampleStart) / 1e9;
        long trainStart = System.nanoTime();

        int cols = SequencePolicy.columns(episodes);
        double[] mask = new double[n * cols];
        int tokens = 0;
        int stopped = 0;
        for (int r = 0; r < n; r++) {
            Arrays.fill(mask, r * cols, r * cols + length(episodes, r), 1.0);
            tokens += length(episodes, r);
            stopped += episodes.get(r).terminated() ? 1 : 0;
        }
        double[] scores = scores(episodes);
        double[] monitorScores = monitor == null ? null : monitor.scores(episodes);
        SequencePolicy.Scores old = EpisodeBatches.scoreInChunks(policy, episodes, config.minibatchSize());
        double[] refLogp = EpisodeBatches.scoreInChunks(reference, episodes, config.minibatchSize()).logProbs();
        double[] oldValues = critic.values(episodes);

        double beta = kl.value();
        double[] perTokenKl = new double[n * cols];
        double[] rewards = new double[n * cols];
        for (int r = 0; r < n; r++) {
            for (int t = 0; t < length(episodes, r); t++) {
                int k = r * cols + t;
                perTokenKl[k] = klEstimate(old.logProbs()[k], refLogp[k]);
                rewards[k] = -beta * perTokenKl[k];
            }
            rewards[r * cols + length(episodes, r) - 1] += scores[r];
        }
        if (config.whitenRewards()) {
            whiten(rewards, mask, false);
        }
        double[] advantages = new double[n * cols];
        double[] returns = new double[n * cols];
        gae(episodes, cols, rewards, oldValues, advantages, returns);
        whiten(advantages, mask, true);

        Optimization o = optimize(episodes, old, oldValues, advantages, returns);

        double klSum = 0;
        double nonScore = 0;
        double sampledEntropy = 0;
        double entropyMean = 0;
        double vpred = 0;
        for (int k = 0; k < n * cols; k++) {
            if (mask[k] != 0) {
                klSum += perTokenKl[k];
                nonScore -= beta * perTokenKl[k];
                sampledEntropy -= old.logProbs()[k];
                entropyMean += old.entropies()[k];
                vpred += oldValues[k];
            }
        }
        kl.update(klSum / n, n);
        iteration++;
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        double scoreMean = Arrays.stream(scores).average().orElse(Double.NaN);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("iteration", (double) iteration);
        m.put("objective/kl", klSum / n);
        m.put("objective/entropy", sampledEntropy / n);
        m.put("objective/non_score_reward", nonScore / n);
        m.put("objective/rlhf_reward", scoreMean + nonScore / n);
        m.put("objective/scores", scoreMean);
        m.put("objective/monitor_scores", monitorScores == null ? Double.NaN : Arrays.stream(monitorScores).average().orElse(Double.NaN));
        m.put("policy/approxkl_avg", o.approxKl / o.steps);
        m.put("policy/clipfrac_avg", o.clipFraction / o.steps);
        m.put("policy/entropy_avg", entropyMean / tokens);
        m.put("loss/policy_avg", o.policyLoss / o.steps);
        m.put("loss/value_avg", o.valueLoss / o.steps);
        m.put("val/clipfrac_avg", o.valueClipFraction / o.steps);
        m.put("val/vpred", vpred / tokens);
        m.put("val/num_eos_tokens", (double) stopped);
        m.put("kl_coefficient", beta);
        m.put("completion_length", tokens / (double) n);
        m.put("policy/grad_norm", o.policyNorm / o.steps);
        m.put("val/grad_norm", o.valueNorm / o.steps);
        m.put("sample_tokens_per_second", tokens / sampleSeconds);
        m.put("train_tokens_per_second", tokens * config.epochs() / trainSeconds);
        return m;
    }

    /** Sums over the optimizer steps of one iteration. */
    private static final class Optimization {
        double policyLoss;
        double valueLoss;
        double clipFraction;
        double valueClipFraction;
        double approxKl;
        double policyNorm;
        double valueNorm;
        int steps;
    }

    private Optimization optimize(List<Episode<O>> episodes, SequencePolicy.Scores old, double[] oldValues, double[] advantages,
            double[] returns) {
        int n = episodes.size();
        int cols = old.columns();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Optimization o = new Optimization();
        boolean policyUpdated = false;
        boolean criticUpdated = false;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            EpisodeBatches.shuffle(order, rng);
            for (int from = 0; from < n; from += config.minibatchSize()) {
                int[] rows = Arrays.copyOfRange(order, from, Math.min(n, from + config.minibatchSize()));
                List<Episode<O>> batch = EpisodeBatches.select(episodes, rows);
                int bc = SequencePolicy.columns(batch);
                double[] mask = new double[rows.length * bc];
                int count = 0;
                for (int b = 0; b < rows.length; b++) {
                    int len = length(episodes, rows[b]);
                    Arrays.fill(mask, b * bc, b * bc + len, 1.0);
                    count += len;
                }
                double[] oldLogp = EpisodeBatches.gather(old.logProbs(), cols, rows, bc);
                double[] adv = EpisodeBatches.gather(advantages, cols, rows, bc);
                // Until the first optimizer step the policy is the sampling policy: its scores are the old ones. After
                // it, the batch is scored and differentiated in one call (one forward pass where the policy can).
                boolean withEntropy = config.entropyCoefficient() != 0;
                ClippedSurrogateLoss.Result[] computed = new ClippedSurrogateLoss.Result[1];
                Function<SequencePolicy.Scores, SequencePolicy.LossWeights> lossOf = now -> {
                    ClippedSurrogateLoss.Result r = policyLoss.compute(now.logProbs(), oldLogp, null, adv, mask, now.entropies(),
                            rows.length, bc);
                    PolicyGradientMath.checkFinite("ppo-rlhf policy", r.loss(), iteration + 1);
                    computed[0] = r;
                    return new SequencePolicy.LossWeights(r.logProbGradient(), withEntropy ? r.entropyGradient() : null);
                };
                if (policyUpdated) {
                    policy.accumulateGradient(batch, lossOf);
                } else {
                    policy.accumulateGradient(batch, new SequencePolicy.Scores(oldLogp,
                            EpisodeBatches.gather(old.entropies(), cols, rows, bc), rows.length, bc), lossOf);
                }
                ClippedSurrogateLoss.Result result = computed[0];

                double[] oldV = EpisodeBatches.gather(oldValues, cols, rows, bc);
                double[] ret = EpisodeBatches.gather(returns, cols, rows, bc);
                final int tokens = count;
                double[] valueLossAndClipped = new double[2];
                Function<double[], double[]> valueLossOf = values -> {
                    double[] valueGradient = new double[rows.length * bc];
                    for (int k = 0; k < mask.length; k++) {
                        if (mask[k] != 0) {
                            valueLossAndClipped[0] += PolicyGradientMath.valueLoss(values[k], ret[k], oldV[k], config.valueClip(),
                                    tokens, config.valueCoefficient(), valueGradient, k);
                            valueLossAndClipped[1] += valueClipActive(values[k], ret[k], oldV[k]) ? 1 : 0;
                        }
                    }
                    PolicyGradientMath.checkFinite("ppo-rlhf critic", valueLossAndClipped[0], iteration + 1);
                    return valueGradient;
                };
                // As for the policy: old values until the critic's first step, then values and gradient in one call.
                if (criticUpdated) {
                    critic.accumulateGradient(batch, valueLossOf);
                } else {
                    critic.accumulateGradient(batch, valueLossOf.apply(oldV));
                }
                double valueLoss = valueLossAndClipped[0];
                int valueClipped = (int) valueLossAndClipped[1];
                // Both gradients are taken at the same parameters before either model steps (one joint PPO update).
                double policyNorm = policy.applyGradient(config.learningRate(), config.maxGradNorm());
                double valueNorm = critic.applyGradient(config.criticLearningRate(), config.maxGradNorm());
                policyUpdated = true;
                criticUpdated = true;
                if (!Double.isFinite(policyNorm) || !Double.isFinite(valueNorm)) {
                    throw new TrainingDivergedException("ppo-rlhf: the gradient norm became " + (Double.isFinite(policyNorm) ? valueNorm : policyNorm)
                            + " (" + (Double.isFinite(policyNorm) ? "critic" : "policy") + ") at iteration " + (iteration + 1)
                            + "; lower the learning rates. Training stopped; the last checkpoint is kept.");
                }
                o.policyLoss += result.loss();
                o.valueLoss += config.valueCoefficient() * valueLoss;
                o.clipFraction += result.clipFraction();
                o.valueClipFraction += valueClipped / (double) count;
                o.approxKl += result.approxKl();
                o.policyNorm += policyNorm;
                o.valueNorm += valueNorm;
                o.steps++;
            }
        }
        return o;
    }

    /** True where the clipped value error is the larger one (the value clip is what the loss sees). */
    private boolean valueClipActive(double v, double ret, double old) {
        if (Double.isNaN(config.valueClip())) {
            return false;
        }
        double clipped = old + Math.max(-config.valueClip(), Math.min(config.valueClip(), v - old));
        return (clipped - ret) * (clipped - ret) > (v - ret) * (v - ret);
    }

    private double[] scores(List<Episode<O>> episodes) {
        double[] s = scorer.scores(episodes);
        if (s.length != episodes.size()) {
            throw new IllegalStateException("the scorer returned " + s.length + " scores for " + episodes.size() + " episodes");
        }
        for (int i = 0; i < s.length; i++) {
            if (!Double.isFinite(s[i])) {
                throw new TrainingDivergedException("ppo-rlhf: episode " + i + " of iteration " + (iteration + 1) + " scored " + s[i]
                        + "; the reward model diverged or got bad input. Training stopped; the last checkpoint is kept.");
            }
            if (!episodes.get(i).terminated()) {
                s[i] -= config.missingEosPenalty();
            }
            if (!Double.isNaN(config.rewardClip())) {
                s[i] = Math.max(-config.rewardClip(), Math.min(config.rewardClip(), s[i]));
            }
        }
        return s;
    }

    private double klEstimate(double logp, double ref) {
        return switch (config.klEstimator()) {
            case K1 -> logp - ref;
            case K3 -> Math.exp(ref - logp) - (ref - logp) - 1;
        };
    }

    /** GAE per episode over its own steps; V after the last step is 0 (the completion's end is terminal). */
    private void gae(List<Episode<O>> episodes, int cols, double[] rewards, double[] values, double[] advantages, double[] returns) {
        for (int r = 0; r < episodes.size(); r++) {
            double next = 0;
            double nextValue = 0;
            for (int t = length(episodes, r) - 1; t >= 0; t--) {
                int k = r * cols + t;
                double delta = rewards[k] + config.gamma() * nextValue - values[k];
                next = delta + config.gamma() * config.lambda() * next;
                advantages[k] = next;
                returns[k] = next + values[k];
                nextValue = values[k];
            }
        }
    }

    /** Whitens the masked entries (mean 0 — unless {@code shiftMean} is false, which keeps the mean — and std 1). */
    static void whiten(double[] x, double[] mask, boolean shiftMean) {
        double sum = 0;
        double count = 0;
        for (int k = 0; k < x.length; k++) {
            sum += mask[k] * x[k];
            count += mask[k];
        }
        double mean = sum / count;
        double var = 0;
        for (int k = 0; k < x.length; k++) {
            var += mask[k] * (x[k] - mean) * (x[k] - mean);
        }
        double std = Math.sqrt(var / Math.max(1, count - 1));
        for (int k = 0; k < x.length; k++) {
            if (mask[k] != 0) {
                double w = (x[k] - mean) / (std + 1e-8);
                x[k] = shiftMean ? w : w + mean;
            }
        }
    }

    private static int length(List<? extends Episode<?>> episodes, int r) {
        return episodes.get(r).actions().length;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        policy.save(out, prefix + "policy.");
        reference.save(out, prefix + "reference.");
        critic.save(out, prefix + "critic.");
        out.putDoubles(prefix + "kl_coefficient", new double[] {kl.value()});
        out.putLongs(prefix + "rng", rng.state());
        out.putLongs(prefix + "iteration", new long[] {iteration});
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        policy.load(in, prefix + "policy.");
        reference.load(in, prefix + "reference.");
        critic.load(in, prefix + "critic.");
        kl.set(in.doubles(prefix + "kl_coefficient", 1)[0]);
        rng.setState(in.longs(prefix + "rng"));
        iteration = (int) in.longs(prefix + "iteration", 1)[0];
    }
}
