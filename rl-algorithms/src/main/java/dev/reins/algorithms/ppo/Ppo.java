package dev.reins.algorithms.ppo;

import dev.reins.algorithms.loss.ClippedSurrogateLoss;
import dev.reins.algorithms.nn.Adam;
import dev.reins.algorithms.nn.CategoricalHead;
import dev.reins.algorithms.nn.DiagGaussianHead;
import dev.reins.algorithms.nn.Gradients;
import dev.reins.algorithms.nn.Initialization;
import dev.reins.algorithms.nn.Mlp;
import dev.reins.algorithms.nn.Widen;
import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.buffer.RolloutBuffer;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.EpisodeTracker;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.policy.Policy;
import dev.reins.core.random.Rng;
import dev.reins.core.random.SplitMix;
import dev.reins.core.space.Box;
import dev.reins.core.space.Discrete;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.VectorEnv;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PPO-Clip for discrete (categorical) and continuous (diagonal Gaussian, state-independent log-std) actions,
 * structured as SB3 and CleanRL do:
 *
 * <pre>
 * repeat:
 *     collect n_steps vector steps with the current policy (one batched forward per step); store obs, actions,
 *         log-probs, values, rewards, terminated, truncated (bootstrap value of the final observation on truncation)
 *     GAE(γ, λ) → advantages and returns
 *     for n_epochs: for each shuffled minibatch:
 *         the shared clipped surrogate (+ entropy bonus) on the policy's log-probs, 0.5·(V − R)² (optionally clipped)
 *         on the value network; one global-norm clip over both; Adam on both
 *         stop the epochs early if approx KL &gt; 1.5 · target_kl
 * </pre>
 *
 * <pre>{@code
 * Ppo ppo = new Ppo(EnvFactories.of("CartPole-v1", Map.of()), PpoConfig.defaults(), 0L);
 * ppo.learn(100_000, Callback.NONE);
 * }</pre>
 */
public final class Ppo implements Algorithm<float[], Object> {
    private final PpoConfig config;
    private final VectorEnv<Object> envs;
    private final int numEnvs;
    private final int obsDim;
    /** Discrete: the number of actions (policy outputs logits). Continuous: the action dimension (outputs means). */
    private final int numActions;
    private final Box box;
    private final double[] logStd;
    private final double[] logStdGradient;
    private final Adam logStdOptimizer;
    private final Mlp policy;
    private final Mlp value;
    private final Adam policyOptimizer;
    private final Adam valueOptimizer;
    private final RolloutBuffer buffer;
    private final Rng rng;
    private final long seed;
    // Reused buffers.
    private final Object[] actions;
    private final float[] actionsAsFloats;
    private final float[] observations;
    private final double[] obsBatch;
    private final double[] logitsBatch;
    private final double[] logProbsBatch;
    private final double[] valuesBatch;
    private final double[] stepLogProbs;
    private final double[] stepValues;
    private final double[] finalObs;
    private final double[] oneValue;
    private final EpisodeTracker episodes;
    private long steps;
    private boolean started;

    @SuppressWarnings("unchecked")
    public Ppo(EnvFactory envFactory, PpoConfig config, long seed) {
        this.config = config;
        this.seed = seed;
        VectorEnv<?> made = envFactory.vector(config.numEnvs(), AutoresetMode.SAME_STEP);
        this.envs = (VectorEnv<Object>) made;
        this.numEnvs = config.numEnvs();
        this.obsDim = envs.observationDim();
        if (made.singleActionSpace() instanceof Discrete discrete) {
            this.numActions = discrete.n();
            this.box = null;
        } else if (made.singleActionSpace() instanceof Box b && b.isBounded()) {
            this.numActions = b.dim();
            this.box = b;
        } else {
            throw new IllegalArgumentException("ppo needs a Discrete or bounded Box action space; " + envFactory.id() + " has "
                    + made.singleActionSpace());
        }
        int[] hidden = config.hidden().stream().mapToInt(Integer::intValue).toArray();
        int maxBatch = Math.max(config.batchSize(), numEnvs);
        Rng init = new Rng(SplitMix.derive(seed, 3));
        // SB3 / CleanRL: orthogonal init, gain √2 in hidden layers, 0.01 for the policy head, 1 for the value head.
        this.policy = Mlp.builder(obsDim, numActions).hidden(hidden).activation(config.activation())
                .init(Initialization.ORTHOGONAL, Math.sqrt(2), 0.01).maxBatch(maxBatch).build(init);
        this.value = Mlp.builder(obsDim, 1).hidden(hidden).activation(config.activation())
                .init(Initialization.ORTHOGONAL, Math.sqrt(2), 1.0).maxBatch(maxBatch).build(init);
        this.policyOptimizer = new Adam(policy.parameters().length, 0.9, 0.999, config.adamEpsilon());
        this.valueOptimizer = new Adam(value.parameters().length, 0.9, 0.999, config.adamEpsilon());
        this.buffer = new RolloutBuffer(config.nSteps(), numEnvs, obsDim, box == null ? 1 : numActions);
        // Continuous actions: a state-independent log standard deviation, starting at 0 (σ = 1) as in SB3.
        this.logStd = box == null ? null : new double[numActions];
        this.logStdGradient = box == null ? null : new double[numActions];
        this.logStdOptimizer = box == null ? null : new Adam(numActions, 0.9, 0.999, config.adamEpsilon());
        this.rng = new Rng(SplitMix.derive(seed, 1));
        actions = box == null ? new Integer[numEnvs] : new float[numEnvs][numActions];
        actionsAsFloats = new float[numEnvs * (box == null ? 1 : numActions)];
        observations = new float[numEnvs * obsDim];
        obsBatch = new double[maxBatch * obsDim];
        logitsBatch = new double[maxBatch * numActions];
        logProbsBatch = new double[maxBatch * numActions];
        valuesBatch = new double[maxBatch];
        stepLogProbs = new double[numEnvs];
        stepValues = new double[numEnvs];
        finalObs = new double[obsDim];
        oneValue = new double[1];
        episodes = new EpisodeTracker(numEnvs);
    }

    @Override
    public String name() {
        return "ppo";
    }

    @Override
    public List<String> metricNames() {
        return List.of("policy_loss", "value_loss", "entropy", "approx_kl", "clip_fraction", "explained_variance", "learning_rate",
                "clip_range", "epochs");
    }

    @Override
    public long stepsDone() {
        return steps;
    }

    /** The policy network (logits). */
    public Mlp policyNetwork() {
        return policy;
    }

    /** The deterministic policy: the most likely action (the mean, clipped to the bounds, for continuous actions). */
    @Override
    public Policy<float[], Object> policy() {
        double[] in = new double[obsDim];
        double[] out = new double[numActions];
        return obs -> {
            Widen.copy(obs, 0, in, 0, obsDim);
            policy.forward(in, 1, out, false);
            if (box == null) {
                return CategoricalHead.mode(out, 0, numActions);
            }
            float[] action = new float[numActions];
            for (int j = 0; j < numActions; j++) {
                action[j] = (float) Math.max(box.low(j), Math.min(box.high(j), out[j]));
            }
            return action;
        };
    }

    @Override
    public void learn(long totalSteps, Callback callback) {
        TrainingContext ctx = new TrainingContext(name(), totalSteps);
        ctx.setStep(steps);
        callback.onTrainingStart(ctx);
        if (!started) {
            envs.reset(SplitMix.derive(seed, 0));
            System.arraycopy(envs.observations(), 0, observations, 0, observations.length);
            started = true;
        }
        while (steps < totalSteps && !ctx.stopRequested()) {
            while (!buffer.isFull() && !ctx.stopRequested()) {
                collectStep(ctx, callback);
            }
            if (!buffer.isFull()) {
                break; // stopped mid-rollout: the checkpoint keeps the partial rollout
            }
            toBatch(observations, numEnvs);
            value.forward(obsBatch, numEnvs, valuesBatch, false);
            buffer.computeAdvantages(valuesBatch, config.gamma(), config.gaeLambda());
            callback.onRolloutEnd(ctx);
            callback.onUpdate(ctx, update(Math.min(1.0, (double) steps / totalSteps)));
            buffer.reset();
        }
        callback.onTrainingEnd(ctx);
    }

    private void toBatch(float[] source, int rows) {
        Widen.copy(source, 0, obsBatch, 0, rows * obsDim);
    }

    private void collectStep(TrainingContext ctx, Callback callback) {
        toBatch(observations, numEnvs);
        policy.forward(obsBatch, numEnvs, logitsBatch, false);
        value.forward(obsBatch, numEnvs, stepValues, false);
        for (int i = 0; i < numEnvs; i++) {
            if (box == null) {
                CategoricalHead.logSoftmax(logitsBatch, i, numActions, logProbsBatch);
                int a = CategoricalHead.sample(logProbsBatch, i, numActions, rng);
                actions[i] = a;
                actionsAsFloats[i] = a;
                stepLogProbs[i] = logProbsBatch[i * numActions + a];
            } else {
                // The buffer keeps the sampled action; the env gets it clipped to the bounds (as SB3 does).
                DiagGaussianHead.sample(logitsBatch, i, logStd, rng, actionsAsFloats, i);
                stepLogProbs[i] = DiagGaussianHead.logProb(logitsBatch, i, logStd, actionsAsFloats, i);
                float[] envAction = (float[]) actions[i];
                for (int j = 0; j < numActions; j++) {
                    envAction[j] = Math.max(box.low(j), Math.min(box.high(j), actionsAsFloats[i * numActions + j]));
                }
            }
        }
        envs.step(actions);
        buffer.add(observations, actionsAsFloats, envs.rewards(), envs.terminated(), envs.truncated(), stepValues, stepLogProbs);
        for (int i = 0; i < numEnvs; i++) {
            boolean done = envs.terminated()[i] || envs.truncated()[i];
            if (envs.truncated()[i] && !envs.terminated()[i]) {
                // A time limit is not the MDP's end: bootstrap from the value of the final observation.
                Widen.copy(envs.finalObservations(), i * obsDim, finalObs, 0, obsDim);
                value.forward(finalObs, 1, oneValue, false);
                buffer.setTruncationValue(i, oneValue[0]);
            }
            episodes.record(i, envs.rewards()[i], done, ctx, callback);
        }
        System.arraycopy(envs.observations(), 0, observations, 0, observations.length);
        steps += numEnvs;
        ctx.setStep(steps);
        callback.onStep(ctx);
    }

    private Map<String, Double> update(double progress) {
        double lr = config.learningRate().value(progress);
        double clip = config.clipRange().value(progress);
        ClippedSurrogateLoss loss = new ClippedSurrogateLoss(new ClippedSurrogateLoss.Config(clip, Double.NaN, config.entCoef(), 0.0,
                ClippedSurrogateLoss.KlEstimator.K3, ClippedSurrogateLoss.Aggregation.TOKEN_MEAN));
        int b = config.batchSize();
        double[] logp = new double[b];
        double[] oldLogp = new double[b];
        double[] adv = new double[b];
        double[] entropies = new double[b];
        double[] logitGradient = new double[b * numActions];
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
                    oldLogp[r] = buffer.logProbs[k];
                    adv[r] = buffer.advantages[k];
                }
                if (config.normalizeAdvantage() && b > 1) {
                    normalize(adv);
                }
                policy.forward(obsBatch, b, logitsBatch, true);
                for (int r = 0; r < b; r++) {
                    int k = order[start + r];
                    if (box == null) {
                        CategoricalHead.logSoftmax(logitsBatch, r, numActions, logProbsBatch);
                        logp[r] = logProbsBatch[r * numActions + (int) buffer.actions[k]];
                        entropies[r] = CategoricalHead.entropy(logProbsBatch, r, numActions);
                    } else {
                        logp[r] = DiagGaussianHead.logProb(logitsBatch, r, logStd, buffer.actions, k);
                        entropies[r] = DiagGaussianHead.entropy(logStd);
                    }
                }
                ClippedSurrogateLoss.Result result = loss.compute(logp, oldLogp, null, adv, null, entropies, b, 1);
                if (box != null) {
                    java.util.Arrays.fill(logStdGradient, 0);
                }
                for (int r = 0; r < b; r++) {
                    int k = order[start + r];
                    if (box == null) {
                        CategoricalHead.backward(logProbsBatch, r, numActions, (int) buffer.actions[k], result.logProbGradient()[r],
                                result.entropyGradient()[r], logitGradient);
                    } else {
                        DiagGaussianHead.backward(logitsBatch, r, logStd, buffer.actions, k, result.logProbGradient()[r],
                                result.entropyGradient()[r], logitGradient, logStdGradient);
                    }
                }
                policy.zeroGradients();
                policy.backward(logitGradient, null);

                value.forward(obsBatch, b, valuesBatch, true);
                double vLoss = 0;
                for (int r = 0; r < b; r++) {
                    int k = order[start + r];
                    double ret = buffer.returns[k];
                    double v = valuesBatch[r];
                    double error = v - ret;
                    if (!Double.isNaN(config.clipRangeVf())) {
                        double old = buffer.values[k];
                        double clipped = old + Math.max(-config.clipRangeVf(), Math.min(config.clipRangeVf(), v - old));
                        double clippedError = clipped - ret;
                        if (clippedError * clippedError > error * error) {
                            // The clipped error is the larger (active) term; it is constant in v outside the range.
                            boolean inside = Math.abs(v - old) <= config.clipRangeVf();
                            vLoss += 0.5 * clippedError * clippedError / b;
                            valueGradient[r] = inside ? config.vfCoef() * clippedError / b : 0;
                            continue;
                        }
                    }
                    vLoss += 0.5 * error * error / b;
                    valueGradient[r] = config.vfCoef() * error / b;
                }
                value.zeroGradients();
                value.backward(valueGradient, null);
                double total = result.loss() + config.vfCoef() * vLoss;
                if (!Double.isFinite(total)) {
                    throw new IllegalStateException("ppo: the loss became " + total + " at step " + steps
                            + "; lower learning_rate or normalize observations/rewards. Training stopped; the last checkpoint is kept.");
                }
                clipJointly(config.maxGradNorm());
                policyOptimizer.step(policy.parameters(), policy.gradients(), lr);
                valueOptimizer.step(value.parameters(), value.gradients(), lr);
                if (box != null) {
                    logStdOptimizer.step(logStd, logStdGradient, lr);
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
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("policy_loss", policyLoss / minibatches);
        metrics.put("value_loss", valueLoss / minibatches);
        metrics.put("entropy", entropy / minibatches);
        metrics.put("approx_kl", approxKl / minibatches);
        metrics.put("clip_fraction", clipFraction / minibatches);
        metrics.put("explained_variance", explainedVariance());
        metrics.put("learning_rate", lr);
        metrics.put("clip_range", clip);
        metrics.put("epochs", (double) epochsRun);
        return metrics;
    }

    /** One global-norm clip over the policy's and the value network's gradients together, as SB3 does. */
    private void clipJointly(double maxNorm) {
        double pn = Gradients.norm(policy.gradients());
        double vn = Gradients.norm(value.gradients());
        double sn = box == null ? 0 : Gradients.norm(logStdGradient);
        double norm = Math.sqrt(pn * pn + vn * vn + sn * sn);
        if (norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            scale(policy.gradients(), scale);
            scale(value.gradients(), scale);
            if (box != null) {
                scale(logStdGradient, scale);
            }
        }
    }

    private static void scale(double[] g, double s) {
        for (int i = 0; i < g.length; i++) {
            g[i] *= s;
        }
    }

    private static void normalize(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / (x.length - 1)); // torch's unbiased std, as SB3 / CleanRL
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] - mean) / (std + 1e-8);
        }
    }

    private double explainedVariance() {
        int n = buffer.size();
        double meanR = 0;
        for (int k = 0; k < n; k++) {
            meanR += buffer.returns[k];
        }
        meanR /= n;
        double varR = 0;
        double meanD = 0;
        for (int k = 0; k < n; k++) {
            varR += Math.pow(buffer.returns[k] - meanR, 2);
            meanD += buffer.returns[k] - buffer.values[k];
        }
        meanD /= n;
        double varD = 0;
        for (int k = 0; k < n; k++) {
            varD += Math.pow(buffer.returns[k] - buffer.values[k] - meanD, 2);
        }
        return varR == 0 ? Double.NaN : 1 - varD / varR;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        policy.save(out, prefix + "policy.");
        value.save(out, prefix + "value.");
        policyOptimizer.save(out, prefix + "policy_optimizer.");
        valueOptimizer.save(out, prefix + "value_optimizer.");
        buffer.save(out, prefix + "rollout.");
        if (box != null) {
            out.putDoubles(prefix + "log_std", logStd);
            logStdOptimizer.save(out, prefix + "log_std_optimizer.");
        }
        out.putLongs(prefix + "rng", rng.state());
        out.putLongs(prefix + "counters", new long[] {steps, started ? 1 : 0});
        out.putFloats(prefix + "observations", observations);
        episodes.save(out, prefix);
        ((Checkpointable) envs).save(out, prefix + "envs.");
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        policy.load(in, prefix + "policy.");
        value.load(in, prefix + "value.");
        policyOptimizer.load(in, prefix + "policy_optimizer.");
        valueOptimizer.load(in, prefix + "value_optimizer.");
        buffer.load(in, prefix + "rollout.");
        if (box != null) {
            System.arraycopy(in.doubles(prefix + "log_std", logStd.length), 0, logStd, 0, logStd.length);
            logStdOptimizer.load(in, prefix + "log_std_optimizer.");
        }
        rng.setState(in.longs(prefix + "rng", 4));
        long[] c = in.longs(prefix + "counters", 2);
        steps = c[0];
        started = c[1] != 0;
        System.arraycopy(in.floats(prefix + "observations", observations.length), 0, observations, 0, observations.length);
        episodes.load(in, prefix);
        ((Checkpointable) envs).load(in, prefix + "envs.");
    }
}
