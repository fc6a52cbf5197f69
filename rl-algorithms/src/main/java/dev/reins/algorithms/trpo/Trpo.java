package dev.reins.algorithms.trpo;

import dev.reins.algorithms.common.ActorCritic;
import dev.reins.algorithms.common.EnvNormalization;
import dev.reins.algorithms.common.PolicyGradientMath;
import dev.reins.algorithms.common.RolloutCollector;
import dev.reins.algorithms.common.VectorEnvLoop;
import dev.reins.algorithms.loss.ClippedSurrogateLoss;
import dev.reins.algorithms.nn.Adam;
import dev.reins.algorithms.nn.Network;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Widen;
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
 * Trust Region Policy Optimization (Schulman et al. 2015), as SB3-contrib structures it:
 *
 * <pre>
 * repeat:
 *     collect n_steps vector steps; GAE(γ, λ) → advantages A (standardized) and returns R
 *     g = ∇θ mean(ρ·A) at θ_old                       (the shared surrogate loss, unclipped, ρ = π/π_old)
 *     x ≈ F⁻¹ g by conjugate gradient, F·v = Fisher-vector product + cg_damping·v
 *     full step s = √(2δ / xᵀFx) · x                  (the largest step whose quadratic KL model equals δ)
 *     backtracking: θ = θ_old + c·s for c = 1, κ, κ², …: accept the first with mean KL(old ‖ new) ≤ δ and a
 *         higher surrogate; if none, keep θ_old
 *     value function: n_critic_updates passes of Adam minibatches on ½(V − R)²
 * </pre>
 *
 * <pre>{@code
 * Trpo trpo = new Trpo(EnvFactories.of("CartPole-v1", Map.of()), TrpoConfig.defaults(), 0L);
 * trpo.learn(100_000, Callback.NONE);
 * }</pre>
 */
public final class Trpo implements Algorithm<float[], Object> {
    private final TrpoConfig config;
    private final VectorEnvLoop<Object> loop;
    private final ActorCritic actorCritic;
    private final Adam valueOptimizer;
    private final RolloutBuffer buffer;
    private final RolloutCollector collector;
    private final Rng rng;
    private final ClippedSurrogateLoss surrogate;
    private final int obsDim;
    private final int n;
    private final double[] obs;
    private final double[] advantages;
    private final double[] logProbs;
    private final double[] oldLogProbs;
    private final double[] entropies;

    @SuppressWarnings("unchecked")
    public Trpo(EnvFactory envFactory, TrpoConfig config, long seed) {
        this.config = config;
        VectorEnv<Object> envs = EnvNormalization.wrap((VectorEnv<Object>) envFactory.vector(config.numEnvs(), AutoresetMode.SAME_STEP),
                config.normalizeObservations(), config.normalizeRewards(), config.gamma());
        this.loop = new VectorEnvLoop<>(envs, seed);
        this.obsDim = envs.observationDim();
        this.n = config.numEnvs() * config.nSteps();
        int[] hidden = config.hidden().stream().mapToInt(Integer::intValue).toArray();
        this.actorCritic = new ActorCritic(obsDim, envs.singleActionSpace(), hidden, config.activation(),
                config.precision(), NetworkBackend.JAVA, Math.max(n, config.numEnvs()),
                true, new Rng(SplitMix.derive(seed, 3)));
        this.valueOptimizer = new Adam(actorCritic.valueNetwork().parameters().length, 0.9, 0.999, 1e-8);
        this.buffer = new RolloutBuffer(config.nSteps(), config.numEnvs(), obsDim, actorCritic.actionWidth());
        this.rng = new Rng(SplitMix.derive(seed, 1));
        this.collector = new RolloutCollector(loop, actorCritic, buffer, rng);
        this.surrogate = new ClippedSurrogateLoss(new ClippedSurrogateLoss.Config(Double.POSITIVE_INFINITY, Double.NaN, 0.0, 0.0,
                ClippedSurrogateLoss.KlEstimator.K3, ClippedSurrogateLoss.Aggregation.TOKEN_MEAN));
        this.obs = new double[n * obsDim];
        this.advantages = new double[n];
        this.logProbs = new double[n];
        this.oldLogProbs = new double[n];
        this.entropies = new double[n];
    }

    @Override
    public String name() {
        return "trpo";
    }

    @Override
    public List<String> metricNames() {
        return List.of("surrogate_improvement", "kl", "step_fraction", "line_search_success", "entropy", "value_loss",
                "explained_variance");
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
        return actorCritic.deterministicPolicy(EnvNormalization.observationNormalizer(loop.envs()));
    }

    @Override
    public java.util.Optional<Policy<float[], Object>> samplingPolicy(java.util.random.RandomGenerator rng) {
        return java.util.Optional.of(actorCritic.samplingPolicy(EnvNormalization.observationNormalizer(loop.envs()), rng));
    }

    @Override
    public void learn(long totalSteps, Callback callback) {
        TrainingContext ctx = new TrainingContext(name(), totalSteps);
        ctx.setStep(loop.steps());
        callback.onTrainingStart(ctx);
        loop.start();
        while (loop.steps() < totalSteps && !ctx.stopRequested()) {
            if (!collector.collectRollout(ctx, callback)) {
                break; // stopped mid-rollout: the checkpoint keeps the partial rollout
            }
            collector.computeAdvantages(config.gamma(), config.gaeLambda());
            callback.onRolloutEnd(ctx);
            Map<String, Double> metrics = new LinkedHashMap<>(policyStep());
            metrics.put("value_loss", fitValueFunction());
            metrics.put("explained_variance", PolicyGradientMath.explainedVariance(buffer));
            callback.onUpdate(ctx, metrics);
            buffer.reset();
        }
        callback.onTrainingEnd(ctx);
    }

    /** The natural-gradient step with its line search; returns its diagnostics. */
    Map<String, Double> policyStep() {
        Widen.copy(buffer.observations, 0, obs, 0, n * obsDim);
        System.arraycopy(buffer.advantages, 0, advantages, 0, n);
        if (config.normalizeAdvantage() && n > 1) {
            PolicyGradientMath.normalize(advantages, n);
        }
        // Everything below is measured against the policy that collected the rollout (θ_old).
        actorCritic.evaluate(obs, n, buffer.actions, oldLogProbs, entropies);
        double[] oldOutputs = actorCritic.lastOutputs().clone();
        double[] oldLogStd = actorCritic.logStd().clone();
        double entropy = mean(entropies);
        ClippedSurrogateLoss.Result atOld = surrogate.compute(oldLogProbs, oldLogProbs, null, advantages, null, null, n, 1);
        actorCritic.zeroPolicyGradients();
        actorCritic.backwardPolicy(atOld.logProbGradient(), null);
        int size = actorCritic.policyParameterCount();
        double[] g = new double[size];
        actorCritic.getPolicyGradients(g);
        for (int i = 0; i < size; i++) {
            g[i] = -g[i]; // the loss is −surrogate: ascend the surrogate
        }
        double[] x = ConjugateGradient.solve(this::dampedFisherProduct, g, config.cgMaxSteps(), 1e-10);
        double[] fx = new double[size];
        dampedFisherProduct(x, fx);
        double xFx = dot(x, fx);
        double[] theta = new double[size];
        actorCritic.getPolicyParameters(theta);
        double surrogateOld = -atOld.loss();
        if (!(xFx > 0) || !Double.isFinite(xFx)) {
            return lineSearchResult(0, 0, 0, false, entropy);
        }
        double scale = Math.sqrt(2 * config.targetKl() / xFx);
        double[] candidate = new double[size];
        double fraction = 1;
        for (int attempt = 0; attempt < config.lineSearchMaxIter(); attempt++) {
            for (int i = 0; i < size; i++) {
                candidate[i] = theta[i] + fraction * scale * x[i];
            }
            actorCritic.setPolicyParameters(candidate);
            actorCritic.evaluate(obs, n, buffer.actions, logProbs, entropies);
            double kl = actorCritic.meanKl(oldOutputs, oldLogStd, n);
            double surrogateNew = -surrogate.compute(logProbs, oldLogProbs, null, advantages, null, null, n, 1).loss();
            PolicyGradientMath.checkFinite("trpo", surrogateNew, loop.steps());
            if (kl <= config.targetKl() && surrogateNew > surrogateOld) {
                return lineSearchResult(surrogateNew - surrogateOld, kl, fraction, true, entropy);
            }
            fraction *= config.lineSearchShrinkingFactor();
        }
        actorCritic.setPolicyParameters(theta);
        return lineSearchResult(0, 0, 0, false, entropy);
    }

    private Map<String, Double> lineSearchResult(double improvement, double kl, double fraction, boolean success, double entropy) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("surrogate_improvement", improvement);
        m.put("kl", kl);
        m.put("step_fraction", fraction);
        m.put("line_search_success", success ? 1.0 : 0.0);
        m.put("entropy", entropy);
        return m;
    }

    /** (F + damping·I)·v at θ_old; needs the θ_old evaluate() to be the policy's last training forward. */
    private void dampedFisherProduct(double[] v, double[] out) {
        actorCritic.fisherVectorProduct(v, out);
        for (int i = 0; i < v.length; i++) {
            out[i] += config.cgDamping() * v[i];
        }
    }

    private double fitValueFunction() {
        Network value = actorCritic.valueNetwork();
        int b = config.batchSize();
        double[] batchObs = new double[b * obsDim];
        double[] out = new double[b];
        double[] gradient = new double[b];
        double total = 0;
        int batches = 0;
        for (int epoch = 0; epoch < config.nCriticUpdates(); epoch++) {
            int[] order = buffer.shuffledValidIndices(rng);
            for (int start = 0; start + b <= order.length; start += b) {
                for (int r = 0; r < b; r++) {
                    Widen.copy(buffer.observations, order[start + r] * obsDim, batchObs, r * obsDim, obsDim);
                }
                value.forward(batchObs, b, out, true);
                double loss = 0;
                for (int r = 0; r < b; r++) {
                    loss += PolicyGradientMath.valueLoss(out[r], buffer.returns[order[start + r]], 0, Double.NaN, b, 1.0, gradient, r);
                }
                PolicyGradientMath.checkFinite("trpo (value function)", loss, loop.steps());
                value.zeroGradients();
                value.backward(gradient, null);
                valueOptimizer.step(value.parameters(), value.gradients(), config.learningRate());
                total += loss;
                batches++;
            }
        }
        return total / Math.max(1, batches);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double dot(double[] a, double[] b) {
        return ConjugateGradient.dot(a, b);
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        actorCritic.save(out, prefix);
        valueOptimizer.save(out, prefix + "value_optimizer.");
        buffer.save(out, prefix + "rollout.");
        out.putLongs(prefix + "rng", rng.state());
        loop.save(out, prefix);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        actorCritic.load(in, prefix);
        valueOptimizer.load(in, prefix + "value_optimizer.");
        buffer.load(in, prefix + "rollout.");
        rng.setState(in.longs(prefix + "rng", 4));
        loop.load(in, prefix);
    }
}
