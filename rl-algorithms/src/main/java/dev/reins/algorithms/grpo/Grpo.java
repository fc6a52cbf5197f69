package dev.reins.algorithms.grpo;

import dev.reins.algorithms.common.PolicyGradientMath;
import dev.reins.algorithms.loss.ClippedSurrogateLoss;
import dev.reins.algorithms.rollout.RolloutSession;
import dev.reins.algorithms.rollout.RolloutWorkers;
import dev.reins.core.algorithm.TrainingDivergedException;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.env.Env;
import dev.reins.core.estimate.GroupAdvantages;
import dev.reins.core.estimate.LeaveOneOutBaseline;
import dev.reins.core.random.Rng;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Group Relative Policy Optimization (Shao et al., 2024), generic over any episodic env with discrete actions that
 * can be reset to the same start (a seeded reset; for a token env, a prompt). One {@link #iterate iteration}:
 *
 * <ol>
 *   <li>draw {@code starts_per_iteration} start seeds; play {@code group_size} episodes from each; an episode's reward
 *       is its return, or its score from an {@link EpisodeScorer} (a reward model) when one is given; with
 *       {@code dynamic_sampling}, groups whose rewards are all equal are dropped and more are played (DAPO); with
 *       {@code replay_fraction}, part of the starts are recent ones whose groups' rewards differed (prompt replay);
 *       with {@link #withRolloutWorkers rollout workers}, each round's groups are played by their replicas;</li>
 *   <li>advantage of an episode = its return minus its group's mean (divided by the group's std when
 *       {@code scale_rewards_by_std}), given to every action of the episode;</li>
 *   <li>score the actions under the sampling policy (old log-probs) and, when β &gt; 0, the frozen reference, a
 *       minibatch of episodes at a time;</li>
 *   <li>for {@code epochs} passes over shuffled minibatches: the shared {@link ClippedSurrogateLoss} (token-level
 *       clipped ratio, k3 KL to the reference, token- or sequence-mean) → its gradient with respect to the
 *       log-probs → the policy's parameter gradient → the policy's own optimizer step (global-norm clip, then
 *       its Adam / AdamW); with {@code self_imitation_coefficient}, each step also replays a few stored episodes that
 *       once beat their group by a wide margin, with a log-likelihood term;</li>
 *   <li>with self-imitation, keep this iteration's episodes whose advantage is positive and at least
 *       {@code self_imitation_min_advantage}.</li>
 * </ol>
 *
 * <pre>{@code
 * Grpo<int[]> grpo = new Grpo<>(policy, () -> new TokenEnv(...), GrpoConfig.defaults(), 0L);
 * for (int i = 0; i < 100; i++) {
 *     GrpoMetrics m = grpo.iterate();
 * }
 * }</pre>
 */
public final class Grpo<O> implements Checkpointable {
    private final SequencePolicy<O> policy;
    private final SequencePolicy<O> reference;
    private final EpisodeScorer<O> scorer;
    private final List<Env<O, Integer>> envs;
    private final GrpoConfig config;
    private final ClippedSurrogateLoss loss;
    private final Rng rng;
    /** Prompt replay: starts whose last group's rewards differed, oldest first. */
    private final ArrayDeque<Long> replay = new ArrayDeque<>();
    /** Self-imitation: episodes that beat their group by {@code self_imitation_min_advantage}, or null when off. */
    private final SelfImitationBuffer<O> selfImitation;
    /** Rollout workers that play the groups, or null to play them here. */
    private RolloutSession<GroupShare, ArrayList<Episode<O>>> workers;
    private int workerCount;
    private int iteration;

    public Grpo(SequencePolicy<O> policy, Supplier<? extends Env<O, Integer>> envFactory, GrpoConfig config, long seed) {
        this(policy, envFactory, null, config, seed);
    }

    /**
     * GRPO whose episode rewards come from {@code scorer} (e.g. a reward model scoring a whole group in one batch)
     * instead of the env's returns; null means the returns.
     */
    public Grpo(SequencePolicy<O> policy, Supplier<? extends Env<O, Integer>> envFactory, EpisodeScorer<O> scorer, GrpoConfig config,
            long seed) {
        this.policy = policy;
        this.scorer = scorer;
        this.config = config;
        this.reference = config.klCoefficient() > 0 ? policy.frozenCopy() : null;
        this.envs = new ArrayList<>();
        for (int i = 0; i < config.startsPerIteration() * config.groupSize(); i++) {
            envs.add(envFactory.get());
        }
        this.loss = new ClippedSurrogateLoss(new ClippedSurrogateLoss.Config(config.clip(), Double.NaN, config.entropyCoefficient(),
                config.klCoefficient(), config.klEstimator(), config.aggregation(), config.upperClip(), config.maxEpisodeSteps()));
        this.rng = new Rng(seed);
        this.selfImitation = config.selfImitationCoefficient() > 0 ? new SelfImitationBuffer<>(config.selfImitationCapacity()) : null;
    }

    public GrpoConfig config() {
        return config;
    }

    /**
     * Plays every round's groups on {@code workers} from now on: each worker builds its replica from {@code setup}
     * once, and each round takes this policy's {@link SequencePolicy#samplingWeights weights} and a contiguous share of
     * the groups ({@link GroupShare#split}); scoring, advantages and updates stay here. The same seed and worker count
     * give the same run on any backend; one worker gives the run this trainer plays alone. The caller closes
     * {@code workers}.
     *
     * <pre>{@code
     * try (RolloutWorkers workers = new ThreadRolloutWorkers(2)) {
     *     Grpo<int[]> grpo = new Grpo<>(policy, envs, scorer, config, seed).withRolloutWorkers(workers, setup);
     *     grpo.iterate();
     * }
     * }</pre>
     */
    public Grpo<O> withRolloutWorkers(RolloutWorkers workers, GroupWorkerSetup<O> setup) {
        if (this.workers != null) {
            this.workers.close();
        }
        this.workers = workers.open(GroupReplica.factory(setup));
        this.workerCount = workers.count();
        return this;
    }

    public SequencePolicy<O> policy() {
        return policy;
    }

    /** Iterations done so far. */
    public int iteration() {
        return iteration;
    }

    /** What an iteration trains on, and the statistics of everything it sampled. */
    private record Sample<O>(List<Episode<O>> episodes, double[] rewards, double[] allRewards, int groupsSampled, int zeroStdGroups,
            int sampledActions) {}

    /** One GRPO iteration: sample groups, compute advantages, optimize. */
    public GrpoMetrics iterate() {
        int g = config.groupSize();
        long sampleStart = System.nanoTime();
        Sample<O> sample = sample();
        double sampleSeconds = (System.nanoTime() - sampleStart) / 1e9;
        long trainStart = System.nanoTime();
        List<Episode<O>> episodes = sample.episodes();
        double[] rewards = sample.rewards();
        int n = episodes.size();
        if (n == 0) { // dynamic sampling found no group with a learning signal: nothing to step on
            iteration++;
            return metrics(sample, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, sampleSeconds, 1, Double.NaN,
                    Double.NaN, Double.NaN);
        }
        int totalActions = 0;
        int longest = 0;
        for (int i = 0; i < n; i++) {
            totalActions += episodes.get(i).actions().length;
            longest = Math.max(longest, episodes.get(i).actions().length);
        }
        double[] advantages = new double[n];
        if (config.leaveOneOut()) {
            LeaveOneOutBaseline.compute(rewards, g, advantages);
            if (config.scaleRewardsByStd()) {
                scaleByGroupStd(rewards, g, advantages);
            }
        } else {
            GroupAdvantages.compute(rewards, g, config.scaleRewardsByStd(), 1e-4, advantages);
        }

        SequencePolicy.Scores old = EpisodeBatches.scoreInChunks(policy, episodes, config.minibatchSize());
        SequencePolicy.Scores ref = reference == null ? null : EpisodeBatches.scoreInChunks(reference, episodes, config.minibatchSize());
        double entropy = maskedMean(old.entropies(), episodes, old.columns());

        boolean updatedSinceOld = false;
        double lossSum = 0;
        double normSum = 0;
        double clipSum = 0;
        double approxKlSum = 0;
        double refKlSum = 0;
        double imitationSum = 0;
        int imitationSteps = 0;
        int steps = 0;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            EpisodeBatches.shuffle(order, rng);
            for (int from = 0; from < n; from += config.minibatchSize()) {
                int[] rows = java.util.Arrays.copyOfRange(order, from, Math.min(n, from + config.minibatchSize()));
                List<Episode<O>> batch = EpisodeBatches.select(episodes, rows);
                List<Episode<O>> imitated = selfImitation == null ? List.of() : selfImitation.sample(config.selfImitationBatch(), rng);
                List<Episode<O>> trained = batch;
                if (!imitated.isEmpty()) {
                    trained = new ArrayList<>(batch);
                    trained.addAll(imitated);
                }
                int cols = SequencePolicy.columns(trained);
                double[] oldLogp = EpisodeBatches.gather(old.logProbs(), old.columns(), rows, cols);
                double[] refLogp = ref == null ? null : EpisodeBatches.gather(ref.logProbs(), ref.columns(), rows, cols);
                double[] mask = new double[rows.length * cols];
                double[] adv = new double[rows.length * cols];
                for (int b = 0; b < rows.length; b++) {
                    int len = episodes.get(rows[b]).actions().length;
                    for (int t = 0; t < len; t++) {
                        mask[b * cols + t] = 1;
                        adv[b * cols + t] = advantages[rows[b]];
                    }
                }
                // Until the first optimizer step the current policy is the sampling policy: reuse its scores. After
                // it, the batch is scored and differentiated in one call (one forward pass where the policy can).
                boolean withEntropy = config.entropyCoefficient() != 0;
                ClippedSurrogateLoss.Result[] computed = new ClippedSurrogateLoss.Result[1];
                double[] imitationNll = {Double.NaN};
                java.util.function.Function<SequencePolicy.Scores, SequencePolicy.LossWeights> lossOf = now -> {
                    int own = rows.length * cols; // the minibatch's rows come first, the replayed ones after them
                    double[] logp = imitated.isEmpty() ? now.logProbs() : java.util.Arrays.copyOf(now.logProbs(), own);
                    double[] ent = imitated.isEmpty() ? now.entropies() : java.util.Arrays.copyOf(now.entropies(), own);
                    ClippedSurrogateLoss.Result r = loss.compute(logp, oldLogp, refLogp, adv, mask, ent, rows.length, cols);
                    PolicyGradientMath.checkFinite("grpo", r.loss(), iteration + 1);
                    computed[0] = r;
                    if (imitated.isEmpty()) {
                        return new SequencePolicy.LossWeights(r.logProbGradient(), withEntropy ? r.entropyGradient() : null);
                    }
                    double[] logpWeights = java.util.Arrays.copyOf(r.logProbGradient(), now.rows() * cols);
                    imitationNll[0] = addImitationGradient(imitated, now.logProbs(), rows.length, cols, logpWeights);
                    PolicyGradientMath.checkFinite("grpo self-imitation", imitationNll[0], iteration + 1);
                    return new SequencePolicy.LossWeights(logpWeights,
                            withEntropy ? java.util.Arrays.copyOf(r.entropyGradient(), now.rows() * cols) : null);
                };
                if (updatedSinceOld || !imitated.isEmpty()) { // replayed episodes have no sampling-time scores
                    policy.accumulateGradient(trained, lossOf);
                } else {
                    policy.accumulateGradient(batch, new SequencePolicy.Scores(oldLogp,
                            EpisodeBatches.gather(old.entropies(), old.columns(), rows, cols), rows.length, cols), lossOf);
                }
                ClippedSurrogateLoss.Result result = computed[0];
                double norm = policy.applyGradient(config.learningRateAt(iteration), config.maxGradNorm());
                if (!Double.isFinite(norm)) {
                    throw new TrainingDivergedException("grpo: the gradient norm became " + norm + " at iteration " + (iteration + 1)
                            + "; lower learning_rate. Training stopped; the last checkpoint is kept.");
                }
                updatedSinceOld = true;
                lossSum += result.loss();
                normSum += norm;
                clipSum += result.clipFraction();
                approxKlSum += result.approxKl();
                refKlSum += ref == null ? 0 : result.referenceKl();
                if (!imitated.isEmpty()) {
                    imitationSum += imitationNll[0];
                    imitationSteps++;
                }
                steps++;
            }
        }
        if (selfImitation != null) { // after the update, so an episode is imitated from the next iteration on
            for (int i = 0; i < n; i++) {
                if (advantages[i] > 0 && advantages[i] >= config.selfImitationMinAdvantage()) {
                    selfImitation.add(episodes.get(i));
                }
            }
        }
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        iteration++;
        return metrics(sample, ref == null ? Double.NaN : refKlSum / steps, entropy, clipSum / steps, approxKlSum / steps,
                totalActions / (double) n, longest, totalActions * config.epochs(), sampleSeconds, trainSeconds, lossSum / steps,
                normSum / steps, imitationSteps == 0 ? Double.NaN : imitationSum / imitationSteps);
    }

    /**
     * Plays {@code starts_per_iteration} groups and scores them; under dynamic sampling keeps only groups whose rewards
     * differ and plays more rounds until that many are in hand (or {@code max_sampling_rounds} is reached). Starts
     * whose groups differed go to the replay buffer after the last round, so no start is played twice in an iteration.
     */
    private Sample<O> sample() {
        int groups = config.startsPerIteration();
        int g = config.groupSize();
        List<Episode<O>> kept = new ArrayList<>();
        List<Double> keptRewards = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        List<Long> unsettled = new ArrayList<>();
        int sampled = 0;
        int zeroStd = 0;
        int actions = 0;
        int rounds = config.dynamicSampling() ? config.maxSamplingRounds() : 1;
        for (int round = 0; round < rounds && kept.size() < groups * g; round++) {
            long[] starts = drawStarts(groups);
            List<Episode<O>> episodes = play(starts, rng.nextLong());
            double[] rewards = scores(episodes);
            for (int s = 0; s < episodes.size(); s += g) {
                boolean same = true;
                for (int j = 1; j < g; j++) {
                    same &= rewards[s + j] == rewards[s];
                }
                sampled++;
                zeroStd += same ? 1 : 0;
                if (!same) {
                    unsettled.add(starts[s / g]);
                }
                for (int j = 0; j < g; j++) {
                    all.add(rewards[s + j]);
                    actions += episodes.get(s + j).actions().length;
                }
                if ((!config.dynamicSampling() || !same) && kept.size() < groups * g) {
                    for (int j = 0; j < g; j++) {
                        kept.add(episodes.get(s + j));
                        keptRewards.add(rewards[s + j]);
                    }
                }
            }
        }
        if (config.replayFraction() > 0) {
            remember(unsettled);
        }
        return new Sample<>(kept, keptRewards.stream().mapToDouble(Double::doubleValue).toArray(),
                all.stream().mapToDouble(Double::doubleValue).toArray(), sampled, zeroStd, actions);
    }

    /** One round's groups, played here or split over the rollout workers (their episodes in group order). */
    private List<Episode<O>> play(long[] starts, long seed) {
        if (workers == null) {
            return GroupRollouts.play(envs, starts, config.groupSize(), policy, seed, config.maxEpisodeSteps());
        }
        List<GroupShare> shares = GroupShare.split(starts, config.groupSize(), seed, config.maxEpisodeSteps(), workerCount);
        List<Episode<O>> episodes = new ArrayList<>(starts.length * config.groupSize());
        for (List<Episode<O>> part : workers.collect(policy.samplingWeights(), shares)) {
            episodes.addAll(part);
        }
        return episodes;
    }

    /** Appends starts to the replay buffer, dropping the oldest beyond its capacity. */
    void remember(List<Long> unsettled) {
        for (long start : unsettled) {
            if (replay.size() == config.replayCapacity()) {
                replay.pollFirst();
            }
            replay.addLast(start);
        }
    }

    /** The replay buffer, oldest first (for tests). */
    List<Long> replayBuffer() {
        return List.copyOf(replay);
    }

    /**
     * One round's start seeds: up to {@code replay_fraction} of them taken (uniformly, without replacement) out of the
     * replay buffer, the rest fresh from the seeded stream.
     */
    long[] drawStarts(int groups) {
        long[] starts = new long[groups];
        int fromReplay = Math.min(replay.size(), (int) Math.floor(config.replayFraction() * groups));
        if (fromReplay > 0) {
            List<Long> buffer = new ArrayList<>(replay);
            boolean[] drawn = new boolean[buffer.size()];
            int[] picked = EpisodeBatches.drawDistinct(buffer.size(), fromReplay, rng);
            for (int i = 0; i < fromReplay; i++) {
                starts[i] = buffer.get(picked[i]);
                drawn[picked[i]] = true;
            }
            replay.clear();
            for (int k = 0; k < buffer.size(); k++) { // the rest keep their age order, so the oldest still leave first
                if (!drawn[k]) {
                    replay.addLast(buffer.get(k));
                }
            }
        }
        for (int i = fromReplay; i < groups; i++) {
            starts[i] = rng.nextLong();
        }
        return starts;
    }

    /**
     * Adds self-imitation's gradient, λ × the mean negative log-likelihood per action of the replayed episodes (rows
     * {@code from} on of {@code logp}), to {@code logpWeights}; returns that mean negative log-likelihood.
     */
    private double addImitationGradient(List<Episode<O>> imitated, double[] logp, int from, int cols, double[] logpWeights) {
        int tokens = 0;
        for (Episode<O> e : imitated) {
            tokens += e.actions().length;
        }
        double nll = 0;
        double w = -config.selfImitationCoefficient() / Math.max(1, tokens);
        for (int r = 0; r < imitated.size(); r++) {
            int row = (from + r) * cols;
            for (int t = 0; t < imitated.get(r).actions().length; t++) {
                nll -= logp[row + t];
                logpWeights[row + t] = w;
            }
        }
        return nll / Math.max(1, tokens);
    }

    /** Episodes kept for self-imitation, oldest first (for tests; empty when it is off). */
    List<Episode<O>> selfImitationBuffer() {
        return selfImitation == null ? List.of() : selfImitation.contents();
    }

    /** Each episode's reward: the scorer's, or the env's return. */
    private double[] scores(List<Episode<O>> episodes) {
        int n = episodes.size();
        double[] rewards = scorer == null ? new double[n] : scorer.scores(episodes);
        if (rewards.length != n) {
            throw new IllegalStateException("the scorer returned " + rewards.length + " scores for " + n + " episodes");
        }
        if (scorer == null) {
            for (int i = 0; i < n; i++) {
                rewards[i] = episodes.get(i).totalReward();
            }
        }
        return rewards;
    }

    private GrpoMetrics metrics(Sample<O> sample, double referenceKl, double entropy, double clipFraction, double approxKl,
            double lengthMean, int lengthMax, int trainedActions, double sampleSeconds, double trainSeconds, double loss,
            double gradNorm, double selfImitationNll) {
        double[] rewards = sample.allRewards();
        int n = rewards.length;
        double mean = 0;
        for (double r : rewards) {
            mean += r;
        }
        mean /= n;
        double var = 0;
        for (double r : rewards) {
            var += (r - mean) * (r - mean);
        }
        return new GrpoMetrics(iteration, mean, Math.sqrt(var / n), sample.zeroStdGroups() / (double) sample.groupsSampled(),
                referenceKl, entropy, clipFraction, approxKl, lengthMean, lengthMax, sample.sampledActions() / sampleSeconds,
                trainedActions / trainSeconds, loss, gradNorm, selfImitationNll, selfImitation == null ? 0 : selfImitation.size());
    }

    /** Divides each group's advantages by the sample std of its rewards (+1e-4), as GroupAdvantages scales. */
    private static void scaleByGroupStd(double[] rewards, int g, double[] advantages) {
        for (int s = 0; s < rewards.length; s += g) {
            double mean = 0;
            for (int j = 0; j < g; j++) {
                mean += rewards[s + j] / g;
            }
            double var = 0;
            for (int j = 0; j < g; j++) {
                var += (rewards[s + j] - mean) * (rewards[s + j] - mean) / (g - 1);
            }
            for (int j = 0; j < g; j++) {
                advantages[s + j] /= Math.sqrt(var) + 1e-4;
            }
        }
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        policy.save(out, prefix + "policy.");
        if (reference != null) {
            reference.save(out, prefix + "reference.");
        }
        out.putLongs(prefix + "rng", rng.state());
        out.putLongs(prefix + "iteration", new long[] {iteration});
        out.putLongs(prefix + "replay", replay.stream().mapToLong(Long::longValue).toArray());
        if (selfImitation != null) {
            selfImitation.save(out, prefix + "self_imitation.");
        }
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        policy.load(in, prefix + "policy.");
        if (reference != null) {
            reference.load(in, prefix + "reference.");
        }
        rng.setState(in.longs(prefix + "rng"));
        iteration = (int) in.longs(prefix + "iteration", 1)[0];
        replay.clear();
        if (in.has(prefix + "replay")) { // checkpoints from before prompt replay hold none
            for (long start : in.longs(prefix + "replay")) {
                replay.addLast(start);
            }
        }
        if (selfImitation != null) {
            selfImitation.load(in, prefix + "self_imitation.", envs.get(0));
        }
    }

    private static <O> double maskedMean(double[] values, List<Episode<O>> episodes, int columns) {
        double sum = 0;
        int count = 0;
        for (int r = 0; r < episodes.size(); r++) {
            for (int t = 0; t < episodes.get(r).actions().length; t++) {
                sum += values[r * columns + t];
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
