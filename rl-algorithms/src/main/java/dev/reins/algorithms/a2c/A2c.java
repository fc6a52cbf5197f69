package dev.reins.algorithms.a2c;

import dev.reins.algorithms.common.AcceptsRolloutWorkers;
import dev.reins.algorithms.common.ActorCritic;
import dev.reins.algorithms.common.EnvNormalization;
import dev.reins.algorithms.common.OnPolicyRollouts;
import dev.reins.algorithms.common.PolicyGradientMath;
import dev.reins.algorithms.common.VectorEnvLoop;
import dev.reins.algorithms.common.VectorWorkerSetup;
import dev.reins.algorithms.loss.ClippedSurrogateLoss;
import dev.reins.algorithms.nn.Adam;
import dev.reins.algorithms.nn.Optimizer;
import dev.reins.algorithms.nn.RmsProp;
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
 * Synchronous Advantage Actor-Critic (Mnih et al. 2016, as SB3's A2C):
 *
 * <pre>
 * repeat:
 *     collect n_steps vector steps with the current policy
 *     GAE(γ, λ) (λ = 1: n-step returns bootstrapped from V) → advantages A and returns R
 *     one gradient step on  −mean(A·log π(a|s)) − ent_coef·mean(H) + vf_coef·mean(½(V − R)²)
 *         (the policy term through the shared surrogate loss without clipping: at ratio 1 its gradient is −A)
 *     gradients clipped to max_grad_norm jointly; RMSprop (or Adam)
 * </pre>
 *
 * <pre>{@code
 * A2c a2c = new A2c(EnvFactories.of("CartPole-v1", Map.of()), A2cConfig.defaults(), 0L);
 * a2c.learn(500_000, Callback.NONE);
 * }</pre>
 */
public final class A2c implements Algorithm<float[], Object>, AcceptsRolloutWorkers {
    private final A2cConfig config;
    private final VectorEnvLoop<Object> loop;
    private final ActorCritic actorCritic;
    private final Optimizer policyOptimizer;
    private final Optimizer valueOptimizer;
    private final Optimizer logStdOptimizer;
    private final RolloutBuffer buffer;
    private final OnPolicyRollouts rollouts;
    private final Rng rng;
    private final ClippedSurrogateLoss loss;
    private final int obsDim;
    private final int n;
    private final double[] obs;
    private final double[] logProbs;
    private final double[] entropies;
    private final double[] advantages;
    private final double[] values;
    private final double[] valueGradient;

    @SuppressWarnings("unchecked")
    public A2c(EnvFactory envFactory, A2cConfig config, long seed) {
        this.config = config;
        VectorEnv<Object> envs = EnvNormalization.wrap((VectorEnv<Object>) envFactory.vector(config.numEnvs(), AutoresetMode.SAME_STEP),
                config.normalizeObservations(), config.normalizeRewards(), config.gamma());
        this.loop = new VectorEnvLoop<>(envs, seed);
        this.obsDim = envs.observationDim();
        this.n = config.numEnvs() * config.nSteps();
        int[] hidden = config.hidden().stream().mapToInt(Integer::intValue).toArray();
        this.actorCritic = new ActorCritic(obsDim, envs.singleActionSpace(), hidden, config.activation(),
                config.precision(), config.networkBackend(), Math.max(n, config.numEnvs()),
                true, new Rng(SplitMix.derive(seed, 3)));
        this.policyOptimizer = optimizer(actorCritic.policyNetwork().parameters().length);
        this.valueOptimizer = optimizer(actorCritic.valueNetwork().parameters().length);
        this.logStdOptimizer = optimizer(actorCritic.logStd().length);
        this.buffer = new RolloutBuffer(config.nSteps(), config.numEnvs(), obsDim, actorCritic.actionWidth());
        this.rng = new Rng(SplitMix.derive(seed, 1));
        this.rollouts = new OnPolicyRollouts(loop, actorCritic, buffer, rng, new VectorWorkerSetup(envFactory, hidden, config.activation(),
                config.precision(), config.networkBackend()), config.normalizeObservations() || config.normalizeRewards(), seed);
        this.loss = new ClippedSurrogateLoss(new ClippedSurrogateLoss.Config(Double.POSITIVE_INFINITY, Double.NaN, config.entCoef(), 0.0,
                ClippedSurrogateLoss.KlEstimator.K3, ClippedSurrogateLoss.Aggregation.TOKEN_MEAN));
        this.obs = new double[n * obsDim];
        this.logProbs = new double[n];
        this.entropies = new double[n];
        this.advantages = new double[n];
        this.values = new double[n];
        this.valueGradient = new double[n];
    }

    private Optimizer optimizer(int size) {
        // SB3: RMSprop(alpha=0.99, eps=rms_prop_eps); Adam otherwise.
        return config.useRmsProp() ? new RmsProp(size, 0.99, config.rmsPropEps()) : new Adam(size, 0.9, 0.999, 1e-8);
    }

    @Override
    public String name() {
        return "a2c";
    }

    @Override
    public List<String> metricNames() {
        return List.of("policy_loss", "value_loss", "entropy", "explained_variance", "grad_norm", "learning_rate");
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

    /**
     * Collects every rollout on {@code rolloutWorkers} from now on, as {@link dev.reins.algorithms.ppo.Ppo#withRolloutWorkers}
     * does (same seed and count: the same run on threads and on Spark; no normalization). The caller closes them.
     *
     * <pre>{@code
     * new A2c(EnvFactories.of("CartPole-v1", Map.of()), A2cConfig.defaults(), 0L).withRolloutWorkers(workers).learn(50_000, Callback.NONE);
     * }</pre>
     */
    @Override
    public A2c withRolloutWorkers(RolloutWorkers rolloutWorkers) {
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
        Widen.copy(buffer.observations, 0, obs, 0, n * obsDim);
        System.arraycopy(buffer.advantages, 0, advantages, 0, n);
        if (config.normalizeAdvantage() && n > 1) {
            PolicyGradientMath.normalize(advantages, n);
        }
        actorCritic.evaluate(obs, n, buffer.actions, logProbs, entropies);
        ClippedSurrogateLoss.Result result = loss.compute(logProbs, buffer.logProbs, null, advantages, null, entropies, n, 1);
        actorCritic.zeroPolicyGradients();
        actorCritic.backwardPolicy(result.logProbGradient(), result.entropyGradient());

        actorCritic.valueNetwork().forward(obs, n, values, true);
        double valueLoss = 0;
        for (int k = 0; k < n; k++) {
            valueLoss += PolicyGradientMath.valueLoss(values[k], buffer.returns[k], buffer.values[k], Double.NaN, n, config.vfCoef(),
                    valueGradient, k);
        }
        actorCritic.valueNetwork().zeroGradients();
        actorCritic.valueNetwork().backward(valueGradient, null);
        PolicyGradientMath.checkFinite("a2c", result.loss() + config.vfCoef() * valueLoss, loop.steps());
        double norm = PolicyGradientMath.clipGlobalNorm(config.maxGradNorm(), actorCritic.policyNetwork().gradients(),
                actorCritic.valueNetwork().gradients(), actorCritic.logStdGradient());
        policyOptimizer.step(actorCritic.policyNetwork().parameters(), actorCritic.policyNetwork().gradients(), lr);
        valueOptimizer.step(actorCritic.valueNetwork().parameters(), actorCritic.valueNetwork().gradients(), lr);
        if (actorCritic.continuous()) {
            logStdOptimizer.step(actorCritic.logStd(), actorCritic.logStdGradient(), lr);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("policy_loss", result.loss());
        metrics.put("value_loss", valueLoss);
        metrics.put("entropy", result.entropy());
        metrics.put("explained_variance", PolicyGradientMath.explainedVariance(buffer));
        metrics.put("grad_norm", norm);
        metrics.put("learning_rate", lr);
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
        loop.load(in, prefix);
        rollouts.load(in, prefix);
    }
}
