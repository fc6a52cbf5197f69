package dev.reins.algorithms.reinforce;

import dev.reins.algorithms.common.ActorCritic;
import dev.reins.algorithms.common.PolicyGradientMath;
import dev.reins.algorithms.common.VectorEnvLoop;
import dev.reins.algorithms.loss.ClippedSurrogateLoss;
import dev.reins.algorithms.nn.Adam;
import dev.reins.algorithms.nn.Network;
import dev.reins.algorithms.nn.Widen;
import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.estimate.DiscountedReturns;
import dev.reins.core.policy.Policy;
import dev.reins.core.random.Rng;
import dev.reins.core.random.SplitMix;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.VectorEnv;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * REINFORCE (Williams 1992) on complete episodes, optionally with a learned state-value baseline:
 *
 * <pre>
 * repeat:
 *     run the current policy until episodes_per_update episodes have ended (episodes still running then are
 *         abandoned and the envs reset, so every sample comes from the current policy)
 *     G_t = Σ_k γ^k r_{t+k} to the episode's end (a truncated episode continues with γ·V(final observation))
 *     weights w_t = G_t − V(s_t) with a baseline, else G_t; optionally standardized over the batch
 *     one policy step on −mean(w_t · log π(a_t|s_t)) − ent_coef·mean(H)   (the shared surrogate loss, unclipped)
 *     with a baseline: value_epochs Adam steps on mean(½(V(s_t) − G_t)²)
 * </pre>
 *
 * <pre>{@code
 * Reinforce agent = new Reinforce(EnvFactories.of("CartPole-v1", Map.of()), ReinforceConfig.defaults(), 0L);
 * agent.learn(300_000, Callback.NONE);
 * }</pre>
 */
public final class Reinforce implements Algorithm<float[], Object> {
    private final ReinforceConfig config;
    private final VectorEnvLoop<Object> loop;
    private final ActorCritic actorCritic;
    private final Adam policyOptimizer;
    private final Adam valueOptimizer;
    private final Adam logStdOptimizer;
    private final EpisodeBatch batch;
    private final Rng rng;
    private final ClippedSurrogateLoss loss;
    private final int obsDim;
    private final int numEnvs;
    private final int chunk;
    private final Object[] envActions;
    private final float[] storedActions;
    private final double[] obsBatch;
    private final double[] stepLogProbs;
    private final double[] finalObs;
    private final double[] oneValue = new double[1];
    private long updates;

    @SuppressWarnings("unchecked")
    public Reinforce(EnvFactory envFactory, ReinforceConfig config, long seed) {
        this.config = config;
        VectorEnv<Object> envs = (VectorEnv<Object>) envFactory.vector(config.numEnvs(), AutoresetMode.SAME_STEP);
        this.loop = new VectorEnvLoop<>(envs, seed);
        this.obsDim = envs.observationDim();
        this.numEnvs = config.numEnvs();
        int[] hidden = config.hidden().stream().mapToInt(Integer::intValue).toArray();
        // Episodes have any length: the gradient is accumulated over chunks of at most this many rows.
        this.chunk = 1024;
        this.actorCritic = new ActorCritic(obsDim, envs.singleActionSpace(), hidden, config.activation(),
                config.precision(), config.networkBackend(), Math.max(chunk, numEnvs),
                config.baseline(), new Rng(SplitMix.derive(seed, 3)));
        this.policyOptimizer = new Adam(actorCritic.policyNetwork().parameters().length, 0.9, 0.999, 1e-8);
        this.valueOptimizer = config.baseline() ? new Adam(actorCritic.valueNetwork().parameters().length, 0.9, 0.999, 1e-8) : null;
        this.logStdOptimizer = new Adam(actorCritic.logStd().length, 0.9, 0.999, 1e-8);
        this.batch = new EpisodeBatch(numEnvs, obsDim, actorCritic.actionWidth());
        this.rng = new Rng(SplitMix.derive(seed, 1));
        this.loss = new ClippedSurrogateLoss(new ClippedSurrogateLoss.Config(Double.POSITIVE_INFINITY, Double.NaN, config.entCoef(), 0.0,
                ClippedSurrogateLoss.KlEstimator.K3, ClippedSurrogateLoss.Aggregation.TOKEN_MEAN));
        this.envActions = actorCritic.newEnvActions(numEnvs);
        this.storedActions = new float[numEnvs * actorCritic.actionWidth()];
        this.obsBatch = new double[Math.max(chunk, numEnvs) * obsDim];
        this.stepLogProbs = new double[numEnvs];
        this.finalObs = new double[obsDim];
    }

    @Override
    public String name() {
        return "reinforce";
    }

    @Override
    public List<String> metricNames() {
        return List.of("policy_loss", "value_loss", "entropy", "return_mean", "episodes", "batch_steps", "learning_rate");
    }

    @Override
    public long stepsDone() {
        return loop.steps();
    }

    public ActorCritic actorCritic() {
        return actorCritic;
    }

    @Override
    public Policy<float[], Object> policy() {
        return actorCritic.deterministicPolicy(null);
    }

    @Override
    public java.util.Optional<Policy<float[], Object>> samplingPolicy(java.util.random.RandomGenerator rng) {
        return java.util.Optional.of(actorCritic.samplingPolicy(null, rng));
    }

    @Override
    public void learn(long totalSteps, Callback callback) {
        TrainingContext ctx = new TrainingContext(name(), totalSteps);
        ctx.setStep(loop.steps());
        callback.onTrainingStart(ctx);
        loop.start();
        VectorEnv<Object> envs = loop.envs();
        while (loop.steps() < totalSteps && !ctx.stopRequested()) {
            Widen.copy(loop.observations(), 0, obsBatch, 0, numEnvs * obsDim);
            actorCritic.act(obsBatch, numEnvs, rng, envActions, storedActions, stepLogProbs);
            envs.step(envActions);
            for (int i = 0; i < numEnvs; i++) {
                batch.add(i, loop.observations(), i, storedActions, i, envs.rewards()[i]);
                if (envs.terminated()[i] || envs.truncated()[i]) {
                    double bootstrap = 0;
                    if (!envs.terminated()[i] && config.baseline()) {
                        Widen.copy(envs.finalObservations(), i * obsDim, finalObs, 0, obsDim);
                        actorCritic.values(finalObs, 1, oneValue);
                        bootstrap = oneValue[0];
                    }
                    batch.endEpisode(i, envs.terminated()[i], bootstrap);
                }
            }
            loop.recordStep(ctx, callback);
            if (batch.episodes() >= config.episodesPerUpdate()) {
                callback.onRolloutEnd(ctx);
                callback.onUpdate(ctx, update(Math.min(1.0, (double) loop.steps() / totalSteps)));
                batch.clear();
                if (numEnvs > 1) {
                    loop.restart(rng.nextLong()); // abandon the running episodes: they began under the old policy
                }
            }
            callback.onStep(ctx);
        }
        callback.onTrainingEnd(ctx);
    }

    private Map<String, Double> update(double progress) {
        double lr = config.learningRate().value(progress);
        EpisodeBatch.Trajectory data = batch.complete();
        int n = data.size;
        double[] returns = new double[n];
        DiscountedReturns.compute(n, 1, java.util.Arrays.copyOf(data.rewards, n), java.util.Arrays.copyOf(data.nextValues, n),
                java.util.Arrays.copyOf(data.terminated, n), java.util.Arrays.copyOf(data.truncated, n), config.gamma(), returns);
        double[] weights = returns.clone();
        double[] values = new double[n];
        if (config.baseline()) {
            double[] chunkValues = new double[chunk];
            for (int from = 0; from < n; from += chunk) {
                int rows = Math.min(chunk, n - from);
                Widen.copy(data.observations, from * obsDim, obsBatch, 0, rows * obsDim);
                actorCritic.values(obsBatch, rows, chunkValues);
                System.arraycopy(chunkValues, 0, values, from, rows);
            }
            for (int k = 0; k < n; k++) {
                weights[k] -= values[k];
            }
        }
        if (config.normalizeAdvantage() && n > 1) {
            PolicyGradientMath.normalize(weights, n);
        }
        // Policy: the mean over all n samples, accumulated chunk by chunk.
        actorCritic.zeroPolicyGradients();
        double policyLoss = 0;
        double entropy = 0;
        for (int from = 0; from < n; from += chunk) {
            int rows = Math.min(chunk, n - from);
            Widen.copy(data.observations, from * obsDim, obsBatch, 0, rows * obsDim);
            float[] acts = java.util.Arrays.copyOfRange(data.actions, from * actorCritic.actionWidth(),
                    (from + rows) * actorCritic.actionWidth());
            double[] logp = new double[rows];
            double[] ent = new double[rows];
            actorCritic.evaluate(obsBatch, rows, acts, logp, ent);
            double[] w = java.util.Arrays.copyOfRange(weights, from, from + rows);
            // Old log-probs = current ones: the ratio is 1 and the gradient is −w/rows per sample; rescale to the batch.
            ClippedSurrogateLoss.Result r = loss.compute(logp, logp.clone(), null, w, null, ent, rows, 1);
            double share = (double) rows / n;
            double[] dLogp = r.logProbGradient();
            double[] dH = r.entropyGradient();
            for (int k = 0; k < rows; k++) {
                dLogp[k] *= share;
                dH[k] *= share;
                policyLoss -= weights[from + k] * logp[k] / n;
            }
            entropy += r.entropy() * share;
            actorCritic.backwardPolicy(dLogp, dH);
        }
        PolicyGradientMath.checkFinite("reinforce", policyLoss, loop.steps());
        PolicyGradientMath.clipGlobalNorm(config.maxGradNorm(), actorCritic.policyNetwork().gradients(), actorCritic.logStdGradient());
        policyOptimizer.step(actorCritic.policyNetwork().parameters(), actorCritic.policyNetwork().gradients(), lr);
        if (actorCritic.continuous()) {
            logStdOptimizer.step(actorCritic.logStd(), actorCritic.logStdGradient(), lr);
        }
        double valueLoss = config.baseline() ? fitBaseline(data, returns) : Double.NaN;
        updates++;
        double returnMean = 0;
        int episodes = 0;
        for (int k = 0; k < n; k++) {
            if (k == 0 || data.terminated[k - 1] || data.truncated[k - 1]) {
                returnMean += undiscountedReturn(data, k);
                episodes++;
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("policy_loss", policyLoss);
        metrics.put("value_loss", valueLoss);
        metrics.put("entropy", entropy);
        metrics.put("return_mean", returnMean / episodes);
        metrics.put("episodes", (double) episodes);
        metrics.put("batch_steps", (double) n);
        metrics.put("learning_rate", lr);
        return metrics;
    }

    private static double undiscountedReturn(EpisodeBatch.Trajectory data, int start) {
        double sum = 0;
        for (int k = start; k < data.size; k++) {
            sum += data.rewards[k];
            if (data.terminated[k] || data.truncated[k]) {
                break;
            }
        }
        return sum;
    }

    /** value_epochs full-batch Adam steps of V toward the Monte Carlo returns; returns the last loss. */
    private double fitBaseline(EpisodeBatch.Trajectory data, double[] returns) {
        Network value = actorCritic.valueNetwork();
        int n = data.size;
        double last = 0;
        double[] out = new double[chunk];
        double[] gradient = new double[chunk];
        for (int epoch = 0; epoch < config.valueEpochs(); epoch++) {
            value.zeroGradients();
            last = 0;
            for (int from = 0; from < n; from += chunk) {
                int rows = Math.min(chunk, n - from);
                Widen.copy(data.observations, from * obsDim, obsBatch, 0, rows * obsDim);
                value.forward(obsBatch, rows, out, true);
                for (int k = 0; k < rows; k++) {
                    last += PolicyGradientMath.valueLoss(out[k], returns[from + k], 0, Double.NaN, n, 1.0, gradient, k);
                }
                value.backward(gradient, null);
            }
            PolicyGradientMath.checkFinite("reinforce (baseline)", last, loop.steps());
            valueOptimizer.step(value.parameters(), value.gradients(), config.valueLearningRate());
        }
        return last;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        actorCritic.save(out, prefix);
        policyOptimizer.save(out, prefix + "policy_optimizer.");
        if (valueOptimizer != null) {
            valueOptimizer.save(out, prefix + "value_optimizer.");
        }
        logStdOptimizer.save(out, prefix + "log_std_optimizer.");
        batch.save(out, prefix + "episodes.");
        out.putLongs(prefix + "rng", rng.state());
        out.putLongs(prefix + "updates", new long[] {updates});
        loop.save(out, prefix);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        actorCritic.load(in, prefix);
        policyOptimizer.load(in, prefix + "policy_optimizer.");
        if (valueOptimizer != null) {
            valueOptimizer.load(in, prefix + "value_optimizer.");
        }
        logStdOptimizer.load(in, prefix + "log_std_optimizer.");
        batch.load(in, prefix + "episodes.");
        rng.setState(in.longs(prefix + "rng", 4));
        updates = in.longs(prefix + "updates", 1)[0];
        loop.load(in, prefix);
    }
}
