package dev.reins.algorithms.imitation;

import dev.reins.algorithms.common.ActorCritic;
import dev.reins.algorithms.common.PolicyGradientMath;
import dev.reins.algorithms.nn.Adam;
import dev.reins.algorithms.nn.Mlp;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.ppo.Ppo;
import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.algorithm.EvalResult;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.demo.Trajectory;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.env.wrappers.EpisodeStatistics;
import dev.reins.core.policy.Policy;
import dev.reins.core.random.Rng;
import dev.reins.core.random.SplitMix;
import dev.reins.core.space.Box;
import dev.reins.core.space.Discrete;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.VectorEnv;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adversarial imitation: a generator (PPO) is paid by a discriminator that learns to tell its transitions from the
 * expert's; the env's reward is never used. {@link Variant#GAIL} judges (s, a); {@link Variant#AIRL} shapes the
 * discriminator so that a reward g(s) is recovered. A "step" is an env step of the generator.
 *
 * <pre>
 * optionally warm-start π by behaviour cloning on the demonstrations
 * repeat:
 *     roll out π for n_steps × num_envs steps, paid r = reward(D(s, a, s'))        (LearnedRewardVectorEnv)
 *     for disc_epochs: minibatches of generator transitions (label 0) and as many expert ones (label 1):
 *         D ← D − α ∇ BCE(logit, label)
 *     PPO update of π on the rollout
 * </pre>
 *
 * <pre>{@code
 * AdversarialImitation gail = new AdversarialImitation(EnvFactories.of("CartPole-v1", Map.of()), AdversarialConfig.defaults(),
 *         AdversarialImitation.Variant.GAIL, demos, 0L);
 * gail.learn(300_000, Callback.NONE);
 * }</pre>
 */
public final class AdversarialImitation implements Algorithm<float[], Object> {
    /** Which discriminator, hence which reward. */
    public enum Variant {
        /** Generative adversarial imitation learning (Ho &amp; Ermon, 2016). */
        GAIL,
        /** Adversarial inverse reinforcement learning (Fu, Luo &amp; Levine, 2018). */
        AIRL
    }

    private final AdversarialConfig config;
    private final Variant variant;
    private final Ppo generator;
    private final Discriminator discriminator;
    private final List<Adam> optimizers = new ArrayList<>();
    private final TransitionSet expert;
    private final Rng rng;
    private final TransitionBatch batch;
    private final double[] logits;
    private final double[] dLogits;
    private final double[] labels;
    private final double[] chunkLogPi;
    private final double[] chunkEntropy;
    private final double[] rewardLogits;
    private LearnedRewardVectorEnv<Object> rewardEnv;
    private boolean warmStarted;
    private double rewardSum;
    private long rewardCount;
    private Map<String, Double> discMetrics = Map.of();

    public AdversarialImitation(EnvFactory envs, AdversarialConfig config, Variant variant, List<? extends Trajectory<?, ?>> demos,
            long seed) {
        this.config = config;
        this.variant = variant;
        EnvFactory paidByDiscriminator = new EnvFactory() {
            @Override
            public String id() {
                return envs.id();
            }

            @Override
            public dev.reins.core.env.Env<?, ?> single() {
                return envs.single();
            }

            @Override
            @SuppressWarnings("unchecked")
            public VectorEnv<?> vector(int numEnvs, AutoresetMode mode) {
                VectorEnv<Object> base = (VectorEnv<Object>) envs.vector(numEnvs, mode);
                rewardEnv = new LearnedRewardVectorEnv<>(base, AdversarialImitation.this::rewards, actionWidth(base));
                return rewardEnv;
            }
        };
        this.generator = new Ppo(paidByDiscriminator, config.generator(), seed);
        Box observations = rewardEnv.singleObservationSpace();
        int stateDim = observations.dim();
        int actionWidth = generator.actorCritic().actionWidth();
        Object actionSpace = rewardEnv.singleActionSpace();
        int discreteActions = actionSpace instanceof Discrete d ? d.n() : 0;
        // Generator and expert rows, and as many absorbing-state rows again at most.
        int maxBatch = Math.max(4 * config.discBatchSize(), config.generator().numEnvs());
        int[] hidden = config.discHidden().stream().mapToInt(Integer::intValue).toArray();
        Rng init = new Rng(SplitMix.derive(seed, 7));
        this.discriminator = variant == Variant.GAIL
                ? new StateActionDiscriminator(stateDim, actionWidth, discreteActions, hidden, config.discActivation(),
                        config.discPrecision(), maxBatch, init)
                : new ShapedRewardDiscriminator(stateDim, config.gamma(), hidden, config.discActivation(), config.discPrecision(), maxBatch,
                        init);
        for (Mlp net : discriminator.networks()) {
            optimizers.add(new Adam(net.parameters().length, 0.9, 0.999, 1e-8));
        }
        this.expert = TransitionSet.of(demos, ObservationFeatures.of(observations), actionWidth);
        if (expert.size() == 0) {
            throw new IllegalArgumentException("the demonstrations have no transitions to imitate");
        }
        this.rng = new Rng(SplitMix.derive(seed, 8));
        this.batch = new TransitionBatch(maxBatch, stateDim, actionWidth);
        this.logits = new double[maxBatch];
        this.dLogits = new double[maxBatch];
        this.labels = new double[maxBatch];
        int chunk = generator.actorCritic().maxBatch();
        this.chunkLogPi = new double[chunk];
        this.chunkEntropy = new double[chunk];
        this.rewardLogits = new double[maxBatch];
    }

    /** Reads the demonstrations named by {@code config.demos()}. */
    public static AdversarialImitation fromFile(EnvFactory envs, AdversarialConfig config, Variant variant, long seed) {
        String name = variant.name().toLowerCase(java.util.Locale.ROOT);
        List<Trajectory<Object, Object>> demos = DemonstrationFiles.read(name, config.demos(), config.demoEpisodes(), envs.single(),
                envs.id());
        return new AdversarialImitation(envs, config, variant, demos, seed);
    }

    private static int actionWidth(VectorEnv<?> env) {
        return env.singleActionSpace() instanceof Box b ? b.dim() : 1;
    }

    @Override
    public String name() {
        return variant.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public List<String> metricNames() {
        List<String> names = new ArrayList<>(generator.metricNames());
        names.addAll(List.of("disc_loss", "disc_expert_accuracy", "disc_generator_accuracy", "learned_reward"));
        return names;
    }

    @Override
    public long stepsDone() {
        return generator.stepsDone();
    }

    /** The generator (PPO). */
    public Ppo generator() {
        return generator;
    }

    /** The discriminator; for AIRL a {@link ShapedRewardDiscriminator} whose g(s) is the recovered reward. */
    public Discriminator discriminator() {
        return discriminator;
    }

    @Override
    public Policy<float[], Object> policy() {
        return generator.policy();
    }

    @Override
    public java.util.Optional<Policy<float[], Object>> samplingPolicy(java.util.random.RandomGenerator random) {
        return generator.samplingPolicy(random);
    }

    /** The learned reward of a batch of the generator's transitions (called by the env wrapper at every step). */
    private void rewards(TransitionBatch step, int n, double[] out) {
        if (discriminator.needsLogPi()) {
            logPi(step, n);
        }
        discriminator.logits(step, n, rewardLogits, false);
        double terminalBonus = 0;
        for (int i = 0; i < n; i++) {
            if (step.terminal[i] && discriminator.absorbingTerminals()) {
                terminalBonus = discriminator.terminalBonus();
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] = discriminator.reward(rewardLogits[i]) + (step.terminal[i] ? terminalBonus : 0.0);
            rewardSum += out[i];
        }
        rewardCount += n;
    }

    /** log π(a|s) of the generator's current policy for the batch's rows, in chunks the policy network can take. */
    private void logPi(TransitionBatch b, int n) {
        ActorCritic policy = generator.actorCritic();
        int chunk = chunkLogPi.length;
        double[] states = new double[chunk * b.stateDim];
        float[] actions = new float[chunk * b.actionWidth];
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            System.arraycopy(b.states, start * b.stateDim, states, 0, m * b.stateDim);
            System.arraycopy(b.actions, start * b.actionWidth, actions, 0, m * b.actionWidth);
            policy.evaluate(states, m, actions, chunkLogPi, chunkEntropy);
            System.arraycopy(chunkLogPi, 0, b.logPi, start, m);
        }
    }

    @Override
    public void learn(long totalSteps, Callback callback) {
        if (!warmStarted && config.bcWarmStartSteps() > 0 && generator.stepsDone() == 0) {
            warmStart();
        }
        warmStarted = true;
        generator.learn(totalSteps, new Callback() {
            @Override
            public void onTrainingStart(TrainingContext ctx) {
                callback.onTrainingStart(ctx);
            }

            @Override
            public void onStep(TrainingContext ctx) {
                callback.onStep(ctx);
            }

            @Override
            public void onEpisodeEnd(TrainingContext ctx, EpisodeStatistics episode) {
                callback.onEpisodeEnd(ctx, episode);
            }

            @Override
            public void onRolloutEnd(TrainingContext ctx) {
                discMetrics = trainDiscriminator(Math.min(1.0, (double) generator.stepsDone() / totalSteps));
                callback.onRolloutEnd(ctx);
            }

            @Override
            public void onUpdate(TrainingContext ctx, Map<String, Double> metrics) {
                Map<String, Double> all = new LinkedHashMap<>(metrics);
                all.putAll(discMetrics);
                callback.onUpdate(ctx, all);
            }

            @Override
            public void onEval(TrainingContext ctx, EvalResult result) {
                callback.onEval(ctx, result);
            }

            @Override
            public void onTrainingEnd(TrainingContext ctx) {
                callback.onTrainingEnd(ctx);
            }
        });
    }

    private void warmStart() {
        ActorCritic policy = generator.actorCritic();
        BehaviorCloningLoss bc = new BehaviorCloningLoss(policy, Math.min(64, policy.maxBatch()), 0.0, 0.0);
        for (int k = 0; k < config.bcWarmStartSteps(); k++) {
            bc.step(expert, rng, 1e-3);
        }
    }

    /** Discriminator epochs over the rollout just collected, then forgets it. */
    private Map<String, Double> trainDiscriminator(double progress) {
        TransitionSet generated = rewardEnv.transitions();
        int n = generated.size();
        int b = Math.min(config.discBatchSize(), n);
        double lr = config.discLearningRate().value(progress);
        double loss = 0;
        double expertCorrect = 0;
        double generatorCorrect = 0;
        int batches = 0;
        for (int epoch = 0; epoch < config.discEpochs() && n > 0; epoch++) {
            int[] order = shuffled(n);
            for (int start = 0; start + b <= n; start += b) {
                for (int r = 0; r < b; r++) {
                    batch.set(r, generated, order[start + r]);
                    labels[r] = 0;
                    batch.set(b + r, expert, rng.nextInt(expert.size()));
                    labels[b + r] = 1;
                }
                int rows = 2 * b;
                if (discriminator.needsLogPi()) {
                    logPi(batch, rows);
                }
                if (discriminator.absorbingTerminals()) {
                    for (int r = 0; r < 2 * b; r++) {
                        if (batch.terminal[r]) { // the absorbing state's self-transition, labelled as its episode
                            batch.setAbsorbing(rows);
                            labels[rows++] = labels[r];
                        }
                    }
                }
                discriminator.logits(batch, rows, logits, true);
                double batchLoss = DiscriminatorLoss.compute(logits, labels, rows, dLogits);
                for (int r = 0; r < 2 * b; r++) {
                    boolean saysExpert = logits[r] >= 0;
                    if (r < b) {
                        generatorCorrect += saysExpert ? 0 : 1;
                    } else {
                        expertCorrect += saysExpert ? 1 : 0;
                    }
                }
                PolicyGradientMath.checkFinite(name() + " discriminator", batchLoss, generator.stepsDone());
                for (Mlp net : discriminator.networks()) {
                    net.zeroGradients();
                }
                discriminator.backward(dLogits, rows);
                for (int k = 0; k < optimizers.size(); k++) {
                    Mlp net = discriminator.networks().get(k);
                    optimizers.get(k).step(net.parameters(), net.gradients(), lr);
                }
                loss += batchLoss;
                batches++;
            }
        }
        generated.clear();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("disc_loss", batches == 0 ? Double.NaN : loss / batches);
        m.put("disc_expert_accuracy", batches == 0 ? Double.NaN : expertCorrect / ((double) batches * b));
        m.put("disc_generator_accuracy", batches == 0 ? Double.NaN : generatorCorrect / ((double) batches * b));
        m.put("learned_reward", rewardCount == 0 ? Double.NaN : rewardSum / rewardCount);
        rewardSum = 0;
        rewardCount = 0;
        return m;
    }

    private int[] shuffled(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        generator.save(out, prefix + "generator.");
        discriminator.save(out, prefix + "discriminator.");
        for (int k = 0; k < optimizers.size(); k++) {
            optimizers.get(k).save(out, prefix + "discriminator_optimizer" + k + ".");
        }
        out.putLongs(prefix + "rng", rng.state());
        out.putLongs(prefix + "state", new long[] {warmStarted ? 1 : 0, rewardCount});
        out.putDoubles(prefix + "reward_sum", new double[] {rewardSum});
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        generator.load(in, prefix + "generator.");
        discriminator.load(in, prefix + "discriminator.");
        for (int k = 0; k < optimizers.size(); k++) {
            optimizers.get(k).load(in, prefix + "discriminator_optimizer" + k + ".");
        }
        rng.setState(in.longs(prefix + "rng", 4));
        long[] state = in.longs(prefix + "state", 2);
        warmStarted = state[0] != 0;
        rewardCount = state[1];
        rewardSum = in.doubles(prefix + "reward_sum", 1)[0];
    }
}
