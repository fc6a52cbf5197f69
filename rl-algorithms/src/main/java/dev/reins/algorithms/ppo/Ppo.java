package dev.reins.algorithms.ppo;

import dev.reins.algorithms.common.AcceptsRolloutWorkers;
import dev.reins.algorithms.common.ActorCritic;
import dev.reins.algorithms.common.EnvNormalization;
import dev.reins.algorithms.common.OnPolicyRollouts;
import dev.reins.algorithms.common.PolicyGradientMath;
import dev.reins.algorithms.common.VectorEnvLoop;
import dev.reins.algorithms.common.VectorWorkerSetup;
import dev.reins.algorithms.loss.ClippedSurrogateLoss;
import dev.reins.algorithms.nn.Adam;
import dev.reins.algorithms.nn.Widen;
import dev.reins.algorithms.rollout.RolloutWorkers;
import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.buffer.RolloutBuffer;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.policy.Policy;
import dev.reins.core.random.Rng;
import dev.reins.core.random.SplitMix;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.VectorEnv;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PPO for discrete (categorical) and continuous (diagonal Gaussian, state-independent log-std) actions, structured as
 * SB3 and CleanRL do:
 *
 * <pre>
 * repeat:
 *     collect n_steps vector steps with the current policy (RolloutCollector: batched forwards, truncation bootstrap)
 *     GAE(γ, λ) → advantages and returns
 *     for n_epochs: for each shuffled minibatch:
 *         the shared surrogate loss on the policy's log-probs — clipped (PPO-Clip) or with an adaptive KL penalty to
 *         the rollout's policy — plus the entropy bonus; 0.5·(V − R)² (optionally clipped) on the value network;
 *         one global-norm clip over both; Adam on both
 *         stop the epochs early if approx KL &gt; 1.5 · target_kl
 *     adaptive KL: β ← β/2 if KL &lt; d_targ/1.5, β ← 2β if KL &gt; 1.5·d_targ
 * </pre>
 *
 * <pre>{@code
 * Ppo ppo = new Ppo(EnvFactories.of("CartPole-v1", Map.of()), PpoConfig.defaults(), 0L);
 * ppo.learn(100_000, Callback.NONE);
 * }</pre>
 */
public final class Ppo implements Algorithm<float[], Object>, AcceptsRolloutWorkers {
    private final PpoConfig config;
    private final VectorEnvLoop<Object> loop;
    private final ActorCritic actorCritic;
    private final Adam policyOptimizer;
    private final Adam valueOptimizer;
    private final Adam logStdOptimizer;
    private final RolloutBuffer buffer;
    private final OnPolicyRollouts rollouts;
    private final Rng rng;
    private final int obsDim;
    private final int actionWidth;
    // Minibatch scratch.
    private final double[] obsBatch;
    private final float[] actionBatch;
    private final double[] valuesBatch;
    private double klCoef;

    @SuppressWarnings("unchecked")
    public Ppo(EnvFactory envFactory, PpoConfig config, long seed) {
        this.config = config;
        VectorEnv<Object> envs = EnvNormalization.wrap((VectorEnv<Object>) envFactory.vector(config.numEnvs(), AutoresetMode.SAME_STEP),
                config.normalizeObservations(), config.normalizeRewards(), config.gamma());
        this.loop = new VectorEnvLoop<>(envs, seed);
        this.obsDim = envs.observationDim();
        int[] hidden = config.hidden().stream().mapToInt(Integer::intValue).toArray();
        int maxBatch = Math.max(config.batchSize(), config.numEnvs());
        this.actorCritic = new ActorCritic(obsDim, envs.singleActionSpace(), hidden, config.activation(),
                config.precision(), config.networkBackend(), maxBatch, true,
                new Rng(SplitMix.derive(seed, 3)), new ActorCritic.Options(config.orthoInit(), config.logStdInit(), config.useSde(),
                        config.sdeSampleFreq(), config.numEnvs()));
        this.actionWidth = actorCritic.actionWidth();
        this.policyOptimizer = new Adam(actorCritic.policyNetwork().parameters().length, 0.9, 0.999, config.adamEpsilon());
        this.valueOptimizer = new Adam(actorCritic.valueNetwork().parameters().length, 0.9, 0.999, config.adamEpsilon());
        this.logStdOptimizer = new Adam(actorCritic.logStd().length, 0.9, 0.999, config.adamEpsilon());
        this.buffer = new RolloutBuffer(config.nSteps(), config.numEnvs(), obsDim, actionWidth);
        this.rng = new Rng(SplitMix.derive(seed, 1));
        this.rollouts = new OnPolicyRollouts(loop, actorCritic, buffer, rng, new VectorWorkerSetup(envFactory, hidden, config.activation(),
                config.precision(), config.networkBackend()), config.normalizeObservations() || config.normalizeRewards(), seed);
        this.obsBatch = new double[maxBatch * obsDim];
        this.actionBatch = new float[maxBatch * actionWidth];
        this.valuesBatch = new double[maxBatch];
        this.klCoef = config.klCoefInit();
    }

    @Override
    public String name() {
        return "ppo";
    }

    @Override
    public List<String> metricNames() {
        return List.of("policy_loss", "value_loss", "entropy", "approx_kl", "clip_fraction", "explained_variance", "learning_rate",
                "clip_range", "kl_coef", "epochs");
    }

    @Override
    public long stepsDone() {
        return loop.steps();
    }

    /** The networks (policy, value, log-std). */
    public ActorCritic actorCritic() {
        return actorCritic;
    }

    /** The deterministic policy on raw observations: the most likely action (the clipped mean when continuous). */
    @Override
    public Policy<float[], Object> policy() {
        return actorCritic.deterministicPolicy(EnvNormalization.observationNormalizer(loop.envs()));
    }

    @Override
    public java.util.Optional<Policy<float[], Object>> samplingPolicy(java.util.random.RandomGenerator rng) {
        return java.util.Optional.of(actorCritic.samplingPolicy(EnvNormalization.observationNormalizer(loop.envs()), rng));
    }

    /**
     * Collects every rollout on {@code rolloutWorkers} from now on: worker w steps its contiguous slice of the
     * {@code num_envs} envs (its own copies, started from a stream of the seed) with the policy's weights of the round,
     * and the update runs here on the whole rollout ({@link dev.reins.algorithms.common.WorkerRolloutCollector}). The same seed and worker count
     * give the same run on threads and on Spark; a run resumes only with the worker count it was checkpointed with.
     * Observation and reward normalization are refused (each worker's running statistics would drift from the
     * learner's). The caller closes {@code rolloutWorkers}.
     *
     * <pre>{@code
     * try (RolloutWorkers workers = new ThreadRolloutWorkers(2)) {
     *     new Ppo(EnvFactories.of("CartPole-v1", Map.of()), PpoConfig.defaults(), 0L).withRolloutWorkers(workers)
     *             .learn(100_000, Callback.NONE);
     * }
     * }</pre>
     */
    @Override
    public Ppo withRolloutWorkers(RolloutWorkers rolloutWorkers) {
        if (config.useSde()) {
            throw new IllegalArgumentException("use_sde with rollout workers is not supported: the workers' replicas have no gSDE "
                    + "noise matrices");
        }
        rollouts.useWorkers(rolloutWorkers);
        return this;
    }

    @Override
    public void learn(long totalSteps, Callback callback) {
        TrainingContext ctx = new TrainingContext(name(), totalSteps);
        ctx.setStep(loop.steps());
        callback.onTrainingStart(ctx);
        loop.start();
        while (loop.steps() < totalSteps && !ctx.stopRequested()) {
            if (buffer.position() == 0) {
                actorCritic.startRollout(rng); // gSDE: this rollout's noise matrices (a resumed partial rollout keeps its own)
            }
            if (!rollouts.collect(ctx, callback)) {
                break; // stopped before the update: the checkpoint keeps the rollout
            }
            rollouts.computeAdvantages(config.gamma(), config.gaeLambda());
            callback.onRolloutEnd(ctx);
            callback.onUpdate(ctx, update(Math.min(1.0, (double) loop.steps() / totalSteps)));
            buffer.reset();
        }
        callback.onTrainingEnd(ctx);
    }

    private Map<String, Double> update(double progress) {
        double lr = config.learningRate().value(progress);
        boolean adaptiveKl = config.policyLoss() == PpoConfig.PolicyLoss.ADAPTIVE_KL;
        double clip = adaptiveKl ? Double.POSITIVE_INFINITY : config.clipRange().value(progress);
        ClippedSurrogateLoss loss = new ClippedSurrogateLoss(new ClippedSurrogateLoss.Config(clip, Double.NaN, config.entCoef(),
                adaptiveKl ? klCoef : 0.0, ClippedSurrogateLoss.KlEstimator.K3, ClippedSurrogateLoss.Aggregation.TOKEN_MEAN));
        int b = config.batchSize();
        double[] logp = new double[b];
        double[] oldLogp = new double[b];
        double[] adv = new double[b];
        double[] entropies = new double[b];
        double[] valueGradient = new double[b];
        double policyLoss = 0;
        double valueLoss = 0;
        double entropy = 0;
        double approxKl = 0;
        double clipFraction = 0;
        int minibatches = 0;
        int epochsRun = 0;
        for (int epoch = 0; epoch < config.nEpochs(); epoch++) {
            int[] order = buffer.shuffledValidIndices(rng);
            double epochKl = 0;
            int epochBatches = 0;
            for (int start = 0; start + b <= order.length; start += b) {
                for (int r = 0; r < b; r++) {
                    int k = order[start + r];
                    Widen.copy(buffer.observations, k * obsDim, obsBatch, r * obsDim, obsDim);
                    System.arraycopy(buffer.actions, k * actionWidth, actionBatch, r * actionWidth, actionWidth);
                    oldLogp[r] = buffer.logProbs[k];
                    adv[r] = buffer.advantages[k];
                }
                if (config.normalizeAdvantage() && b > 1) {
                    PolicyGradientMath.normalize(adv, b);
                }
                actorCritic.evaluate(obsBatch, b, actionBatch, logp, entropies);
                ClippedSurrogateLoss.Result result = loss.compute(logp, oldLogp, adaptiveKl ? oldLogp : null, adv, null, entropies, b, 1);
                actorCritic.zeroPolicyGradients();
                actorCritic.backwardPolicy(result.logProbGradient(), result.entropyGradient());

                actorCritic.valueNetwork().forward(obsBatch, b, valuesBatch, true);
                double vLoss = 0;
                for (int r = 0; r < b; r++) {
                    int k = order[start + r];
                    vLoss += PolicyGradientMath.valueLoss(valuesBatch[r], buffer.returns[k], buffer.values[k], config.clipRangeVf(), b,
                            config.vfCoef(), valueGradient, r);
                }
                actorCritic.valueNetwork().zeroGradients();
                actorCritic.valueNetwork().backward(valueGradient, null);
                PolicyGradientMath.checkFinite("ppo", result.loss() + config.vfCoef() * vLoss, loop.steps());
                PolicyGradientMath.clipGlobalNorm(config.maxGradNorm(), actorCritic.policyNetwork().gradients(),
                        actorCritic.valueNetwork().gradients(), actorCritic.logStdGradient());
                policyOptimizer.step(actorCritic.policyNetwork().parameters(), actorCritic.policyNetwork().gradients(), lr);
                valueOptimizer.step(actorCritic.valueNetwork().parameters(), actorCritic.valueNetwork().gradients(), lr);
                if (actorCritic.continuous()) {
                    logStdOptimizer.step(actorCritic.logStd(), actorCritic.logStdGradient(), lr);
                }
                policyLoss += result.loss();
                valueLoss += vLoss;
                entropy += result.entropy();
                approxKl += result.approxKl();
                clipFraction += result.clipFraction();
                epochKl += result.approxKl();
                minibatches++;
                epochBatches++;
            }
            epochsRun++;
            if (!Double.isNaN(config.targetKl()) && epochBatches > 0 && epochKl / epochBatches > 1.5 * config.targetKl()) {
                break;
            }
        }
        double meanKl = approxKl / minibatches;
        double usedKlCoef = klCoef;
        if (adaptiveKl) {
            if (meanKl < config.adaptiveKlTarget() / 1.5) {
                klCoef /= 2;
            } else if (meanKl > config.adaptiveKlTarget() * 1.5) {
                klCoef *= 2;
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("policy_loss", policyLoss / minibatches);
        metrics.put("value_loss", valueLoss / minibatches);
        metrics.put("entropy", entropy / minibatches);
        metrics.put("approx_kl", meanKl);
        metrics.put("clip_fraction", clipFraction / minibatches);
        metrics.put("explained_variance", PolicyGradientMath.explainedVariance(buffer));
        metrics.put("learning_rate", lr);
        metrics.put("clip_range", clip);
        metrics.put("kl_coef", adaptiveKl ? usedKlCoef : 0.0);
        metrics.put("epochs", (double) epochsRun);
        return metrics;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        actorCritic.save(out, prefix);
        policyOptimizer.save(out, prefix + "policy_optimizer.");
        valueOptimizer.save(out, prefix + "value_optimizer.");
        logStdOptimizer.save(out, prefix + "log_std_optimizer.");
        buffer.save(out, prefix + "rollout.");
        out.putLongs(prefix + "rng", rng.state());
        out.putDoubles(prefix + "kl_coef", new double[] {klCoef});
        loop.save(out, prefix);
        rollouts.save(out, prefix);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        actorCritic.load(in, prefix);
        policyOptimizer.load(in, prefix + "policy_optimizer.");
        valueOptimizer.load(in, prefix + "value_optimizer.");
        logStdOptimizer.load(in, prefix + "log_std_optimizer.");
        buffer.load(in, prefix + "rollout.");
        rng.setState(in.longs(prefix + "rng", 4));
        klCoef = in.doubles(prefix + "kl_coef", 1)[0];
        loop.load(in, prefix);
        rollouts.load(in, prefix);
    }
}
