package dev.reins.algorithms.sac;

import dev.reins.algorithms.common.PolicyGradientMath;
import dev.reins.algorithms.common.VectorEnvLoop;
import dev.reins.algorithms.nn.Adam;
import dev.reins.algorithms.nn.Initialization;
import dev.reins.algorithms.nn.Mlp;
import dev.reins.algorithms.nn.Network;
import dev.reins.algorithms.nn.ParallelFor;
import dev.reins.algorithms.nn.Widen;
import dev.reins.algorithms.offpolicy.ActionScaling;
import dev.reins.algorithms.offpolicy.CriticEnsemble;
import dev.reins.algorithms.offpolicy.OffPolicyCollector;
import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.buffer.ReplayBatch;
import dev.reins.core.buffer.ReplayBuffer;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.policy.Policy;
import dev.reins.core.random.Rng;
import dev.reins.core.random.SplitMix;
import dev.reins.core.space.Box;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.VectorEnv;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Soft Actor-Critic, as SB3 structures it:
 *
 * <pre>
 * for each vector step:
 *     a ~ π(·|s) (tanh-squashed Gaussian, or gSDE with noise fixed per rollout; uniform before learning_starts);
 *         step; store in the replay
 *     every train_frequency vector steps, gradient_steps times:
 *         (gSDE: draw this step's exploration matrix)
 *         sample a_π ~ π(·|s) with log π(a_π|s) (reparameterized)
 *         α: Adam on −log α · mean(log π(a_π|s) + target_entropy)       (auto entropy tuning)
 *         y = r + γ (1 − terminated) (min_i Q'_i(s', a') − α log π(a'|s')),  a' ~ π(·|s')
 *         each critic: Adam on ½·mean((Q_i(s, a) − y)²)
 *         actor: Adam on mean(α log π(a_π|s) − min_i Q_i(s, a_π))   (through ∂Q/∂a and the reparameterization)
 *         every target_update_interval: θ'_i ← τθ_i + (1 − τ)θ'_i
 * </pre>
 *
 * <pre>{@code
 * Sac sac = new Sac(EnvFactories.of("Pendulum-v1", Map.of()), SacConfig.defaults(), 0L);
 * sac.learn(20_000, Callback.NONE);
 * }</pre>
 */
public final class Sac implements Algorithm<float[], Object> {
    private final SacConfig config;
    private final VectorEnvLoop<Object> loop;
    private final ActionScaling scaling;
    private final int obsDim;
    private final int actionDim;
    private final SacActor actor;
    private final CriticEnsemble critics;
    private final Adam alphaOptimizer;
    private final double[] logAlpha = new double[1];
    private final double targetEntropy;
    private final ReplayBuffer buffer;
    private final OffPolicyCollector collector;
    private final Rng rng;
    // Reused buffers.
    private final ReplayBatch batch;
    private final double[] obsRows;
    private final double[] actions;
    private final double[] logProbs;
    private final double[] nextActions;
    private final double[] nextLogProbs;
    private final double[] q;
    private final double[] nextObsRows;
    private final double[] alphaGradient = new double[1];
    private final double[] target;
    private final double[] summedActionGradient;
    private long gradientSteps;

    @SuppressWarnings("unchecked")
    public Sac(EnvFactory envFactory, SacConfig config, long seed) {
        this.config = config;
        VectorEnv<Object> envs = (VectorEnv<Object>) envFactory.vector(config.numEnvs(), AutoresetMode.SAME_STEP);
        if (!((Object) envs.singleActionSpace() instanceof Box box)) {
            throw new IllegalArgumentException("sac needs a Box action space; " + envFactory.id() + " has " + envs.singleActionSpace());
        }
        this.loop = new VectorEnvLoop<>(envs, seed);
        this.scaling = new ActionScaling(box);
        this.obsDim = envs.observationDim();
        this.actionDim = box.dim();
        int[] hidden = config.hidden().stream().mapToInt(Integer::intValue).toArray();
        int maxBatch = Math.max(config.batchSize(), config.numEnvs());
        Rng init = new Rng(SplitMix.derive(seed, 3));
        ParallelFor parallel = new ParallelFor(config.threads());
        this.actor = config.useSde() ? gsdeActor(config, obsDim, actionDim, hidden, maxBatch, init, parallel)
                : new SquashedGaussianActor(parallel(config.networkBackend().network(Mlp.builder(obsDim, 2 * actionDim).hidden(hidden)
                        .activation(config.activation()).init(Initialization.PYTORCH, 1, 1).maxBatch(maxBatch)
                        .precision(config.precision()).build(init)), parallel), actionDim, maxBatch);
        this.critics = new CriticEnsemble(2, obsDim, actionDim, hidden, config.activation(), config.precision(), config.networkBackend(),
                maxBatch, init, parallel);
        this.alphaOptimizer = new Adam(1, 0.9, 0.999, 1e-8);
        this.logAlpha[0] = Math.log(config.entCoef());
        this.targetEntropy = Double.isNaN(config.targetEntropy()) ? -actionDim : config.targetEntropy();
        this.buffer = new ReplayBuffer(config.bufferSize(), obsDim, actionDim);
        this.rng = new Rng(SplitMix.derive(seed, 1));
        this.collector = new OffPolicyCollector(loop, buffer, scaling, config.gamma(), rng);
        int b = config.batchSize();
        this.batch = new ReplayBatch(b, obsDim, actionDim);
        this.obsRows = new double[maxBatch * obsDim];
        this.actions = new double[maxBatch * actionDim];
        this.logProbs = new double[maxBatch];
        this.nextActions = new double[b * actionDim];
        this.nextLogProbs = new double[b];
        this.q = new double[b];
        this.nextObsRows = new double[b * obsDim];
        this.target = new double[b];
        this.summedActionGradient = new double[b * actionDim];
    }

    /** gSDE's policy: the hidden layers but the last as features' body, the last hidden width as the features. */
    private static SacActor gsdeActor(SacConfig config, int obsDim, int actionDim, int[] hidden, int maxBatch, Rng init,
            ParallelFor parallel) {
        int features = hidden[hidden.length - 1];
        Network body = config.networkBackend().network(Mlp.builder(obsDim, features)
                .hidden(java.util.Arrays.copyOf(hidden, hidden.length - 1)).activation(config.activation())
                .init(Initialization.PYTORCH, 1, 1).maxBatch(maxBatch).precision(config.precision()).build(init));
        Network head = config.networkBackend().network(Mlp.builder(features, actionDim).hidden()
                .init(Initialization.PYTORCH, 1, 1).maxBatch(maxBatch).precision(config.precision()).build(init));
        body.parallel(parallel);
        head.parallel(parallel);
        return new GsdeActor(body, head, config.activation(), actionDim, config.logStdInit(), config.numEnvs(), maxBatch);
    }

    private static Network parallel(Network network, ParallelFor parallel) {
        network.parallel(parallel);
        return network;
    }

    @Override
    public String name() {
        return "sac";
    }

    @Override
    public List<String> metricNames() {
        return List.of("critic_loss", "actor_loss", "ent_coef", "entropy_estimate", "q_mean");
    }

    @Override
    public long stepsDone() {
        return loop.steps();
    }

    /** The temperature α. */
    public double entCoef() {
        return Math.exp(logAlpha[0]);
    }

    /** The policy network of the Gaussian actor (with use_sde the actor is two networks and a log-std matrix). */
    public Network actor() {
        if (actor instanceof SquashedGaussianActor gaussian) {
            return gaussian.network();
        }
        throw new UnsupportedOperationException("with use_sde the SAC actor is not one network");
    }

    /** The deterministic policy: tanh(μ(s)) rescaled to the env's bounds. */
    @Override
    public Policy<float[], Object> policy() {
        double[] in = new double[obsDim];
        double[] a = new double[actionDim];
        return obs -> {
            Widen.copy(obs, 0, in, 0, obsDim);
            actor.mode(in, a);
            return scaling.toEnv(a, 0, new float[actionDim]);
        };
    }

    @Override
    public void learn(long totalSteps, Callback callback) {
        TrainingContext ctx = new TrainingContext(name(), totalSteps);
        ctx.setStep(loop.steps());
        callback.onTrainingStart(ctx);
        loop.start();
        while (loop.steps() < totalSteps && !ctx.stopRequested()) {
            long v = loop.vectorSteps();
            if (v % config.trainFrequency() == 0 || (config.sdeSampleFreq() > 0 && v % config.sdeSampleFreq() == 0)) {
                actor.startRollout(rng); // new gSDE noise for the coming steps; nothing for the Gaussian
            }
            collector.step(ctx, callback, loop.steps() < config.learningStarts(), this::explore);
            if (loop.steps() >= config.learningStarts() && loop.vectorSteps() % config.trainFrequency() == 0) {
                double[] sums = new double[5];
                for (int g = 0; g < config.gradientSteps(); g++) {
                    trainStep(sums);
                }
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("critic_loss", sums[0] / config.gradientSteps());
                metrics.put("actor_loss", sums[1] / config.gradientSteps());
                metrics.put("ent_coef", entCoef());
                metrics.put("entropy_estimate", sums[3] / config.gradientSteps());
                metrics.put("q_mean", sums[4] / config.gradientSteps());
                callback.onUpdate(ctx, metrics);
            }
            callback.onStep(ctx);
        }
        callback.onTrainingEnd(ctx);
    }

    /** Acting: a sample of the policy. */
    private void explore(float[] obs, int n, double[] out) {
        Widen.copy(obs, 0, obsRows, 0, n * obsDim);
        actor.explore(obsRows, n, rng, out);
    }

    /** One SAC gradient step; adds critic loss, actor loss, α, −mean log π and mean Q to {@code sums}. */
    void trainStep(double[] sums) {
        buffer.sample(rng, batch);
        int b = batch.size;
        actor.startGradientStep(rng);
        // a' ~ π(·|s') for the target (first: the training forward on s below must stay the actor's last one).
        Widen.copy(batch.nextObservations, 0, nextObsRows, 0, b * obsDim);
        actor.sampleTarget(nextObsRows, b, rng, nextActions, nextLogProbs);
        // Fresh actions on s (kept for the actor step) and their log-probabilities.
        Widen.copy(batch.observations, 0, obsRows, 0, b * obsDim);
        actor.sampleForUpdate(obsRows, b, rng, actions, logProbs);
        double meanLogp = 0;
        for (int r = 0; r < b; r++) {
            meanLogp += logProbs[r] / b;
        }
        if (config.autoEntropy()) {
            // d/dlogα of −logα·(log π + H̄) averaged: −(mean log π + H̄).
            alphaGradient[0] = -(meanLogp + targetEntropy);
            alphaOptimizer.step(logAlpha, alphaGradient, config.learningRate());
        }
        double alpha = entCoef();
        // Soft TD target from the target critics.
        critics.minTargetQ(batch.nextObservations, nextActions, b, target);
        for (int r = 0; r < b; r++) {
            double soft = target[r] - alpha * nextLogProbs[r];
            target[r] = batch.rewards[r] + (1 - batch.terminated[r]) * batch.discounts[r] * soft;
        }
        CriticEnsemble.Update update = critics.regress(batch, target, 0.5, config.learningRate());
        double criticLoss = update.loss();
        PolicyGradientMath.checkFinite("sac (critic)", criticLoss, loop.steps());
        // Actor: α log π(a_π) − min_i Q_i(s, a_π), the gradient entering through the minimizing critic of each row.
        critics.minQWithActionGradient(batch.observations, actions, b, -1.0 / b, q, summedActionGradient);
        double actorLoss = 0;
        for (int r = 0; r < b; r++) {
            actorLoss += (alpha * logProbs[r] - q[r]) / b;
        }
        PolicyGradientMath.checkFinite("sac (actor)", actorLoss, loop.steps());
        actor.update(alpha / b, summedActionGradient, b, config.learningRate());
        gradientSteps++;
        if (gradientSteps % config.targetUpdateInterval() == 0) {
            critics.updateTargets(config.tau());
        }
        sums[0] += criticLoss;
        sums[1] += actorLoss;
        sums[3] += -meanLogp;
        sums[4] += update.meanQ();
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        actor.save(out, prefix);
        critics.save(out, prefix);
        out.putDoubles(prefix + "log_ent_coef", logAlpha);
        alphaOptimizer.save(out, prefix + "ent_coef_optimizer.");
        buffer.save(out, prefix + "replay.");
        out.putLongs(prefix + "rng", rng.state());
        out.putLongs(prefix + "gradient_steps", new long[] {gradientSteps});
        loop.save(out, prefix);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        actor.load(in, prefix);
        critics.load(in, prefix);
        logAlpha[0] = in.doubles(prefix + "log_ent_coef", 1)[0];
        alphaOptimizer.load(in, prefix + "ent_coef_optimizer.");
        buffer.load(in, prefix + "replay.");
        rng.setState(in.longs(prefix + "rng", 4));
        gradientSteps = in.longs(prefix + "gradient_steps", 1)[0];
        loop.load(in, prefix);
    }
}
