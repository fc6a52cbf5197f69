package dev.reins.algorithms.td3;

import dev.reins.algorithms.common.PolicyGradientMath;
import dev.reins.algorithms.common.VectorEnvLoop;
import dev.reins.algorithms.nn.Adam;
import dev.reins.algorithms.nn.Gradients;
import dev.reins.algorithms.nn.Initialization;
import dev.reins.algorithms.nn.Mlp;
import dev.reins.algorithms.nn.Network;
import dev.reins.algorithms.nn.ParallelFor;
import dev.reins.algorithms.nn.Widen;
import dev.reins.algorithms.offpolicy.ActionNoise;
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
 * TD3 (and DDPG, with one critic, no smoothing, no delay), as SB3 structures it:
 *
 * <pre>
 * for each vector step:
 *     a = clip(tanh(μ(s)) + exploration noise, −1, 1)   (uniform before learning_starts); step; store in the replay
 *     every train_frequency vector steps, gradient_steps times:
 *         ã = clip(tanh(μ'(s')) + clip(N(0, σ̃), −c, c), −1, 1)            (target policy smoothing)
 *         y = r + γ (1 − terminated) min_i Q'_i(s', ã)                     (clipped double Q)
 *         each critic: Adam on mean((Q_i(s, a) − y)²)
 *         every policy_delay critic updates: actor Adam on −mean(Q_1(s, tanh(μ(s)))) through ∂Q_1/∂a;
 *             θ' ← τθ + (1 − τ)θ' for the actor and the critics
 * </pre>
 *
 * <pre>{@code
 * Td3 td3 = new Td3(EnvFactories.of("Pendulum-v1", Map.of()), Td3Config.defaults(), 0L, "td3");
 * td3.learn(20_000, Callback.NONE);
 * }</pre>
 */
public final class Td3 implements Algorithm<float[], Object> {
    private final String name;
    private final Td3Config config;
    private final VectorEnvLoop<Object> loop;
    private final ActionScaling scaling;
    private final int obsDim;
    private final int actionDim;
    private final Network actor;
    private final Network actorTarget;
    private final CriticEnsemble critics;
    private final Adam actorOptimizer;
    private final ReplayBuffer buffer;
    private final ActionNoise noise;
    private final OffPolicyCollector collector;
    private final Rng rng;
    // Reused buffers.
    private final ReplayBatch batch;
    private final double[] obsRows;
    private final double[] actorOut;
    private final double[] noiseRows;
    private final double[] nextActions;
    private final double[] tdTarget;
    private final double[] q;
    private final double[] qGradient;
    private final double[] actionGradient;
    private final double[] actorGradient;
    private long criticUpdates;

    @SuppressWarnings("unchecked")
    public Td3(EnvFactory envFactory, Td3Config config, long seed, String name) {
        this.name = name;
        this.config = config;
        VectorEnv<Object> envs = (VectorEnv<Object>) envFactory.vector(config.numEnvs(), AutoresetMode.SAME_STEP);
        if (!((Object) envs.singleActionSpace() instanceof Box box)) {
            throw new IllegalArgumentException(name + " needs a Box action space; " + envFactory.id() + " has " + envs.singleActionSpace());
        }
        this.loop = new VectorEnvLoop<>(envs, seed);
        this.scaling = new ActionScaling(box);
        this.obsDim = envs.observationDim();
        this.actionDim = box.dim();
        int[] hidden = config.hidden().stream().mapToInt(Integer::intValue).toArray();
        int maxBatch = Math.max(config.batchSize(), config.numEnvs());
        Rng init = new Rng(SplitMix.derive(seed, 3));
        ParallelFor parallel = new ParallelFor(config.threads());
        this.actor = config.networkBackend().network(Mlp.builder(obsDim, actionDim).hidden(hidden).activation(config.activation())
                .init(Initialization.PYTORCH, 1, 1).maxBatch(maxBatch).precision(config.precision()).build(init));
        this.actorTarget = actor.copy();
        this.actorTarget.parallel(parallel);
        this.actor.parallel(parallel);
        this.critics = new CriticEnsemble(config.nCritics(), obsDim, actionDim, hidden, config.activation(), config.precision(),
                config.networkBackend(), maxBatch, init, parallel);
        this.actorOptimizer = new Adam(actor.parameters().length, 0.9, 0.999, 1e-8);
        this.buffer = new ReplayBuffer(config.bufferSize(), obsDim, actionDim);
        this.noise = ActionNoise.create(config.actionNoise(), config.actionNoiseStd(), config.numEnvs(), actionDim);
        this.rng = new Rng(SplitMix.derive(seed, 1));
        this.collector = new OffPolicyCollector(loop, buffer, scaling, config.gamma(), rng);
        int b = config.batchSize();
        this.batch = new ReplayBatch(b, obsDim, actionDim);
        this.obsRows = new double[maxBatch * obsDim];
        this.actorOut = new double[maxBatch * actionDim];
        this.noiseRows = new double[config.numEnvs() * actionDim];
        this.nextActions = new double[b * actionDim];
        this.tdTarget = new double[b];
        this.q = new double[b];
        this.qGradient = new double[b];
        this.actionGradient = new double[b * actionDim];
        this.actorGradient = new double[b * actionDim];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> metricNames() {
        return List.of("critic_loss", "actor_loss", "q_mean");
    }

    @Override
    public long stepsDone() {
        return loop.steps();
    }

    public Network actor() {
        return actor;
    }

    /** The deterministic policy: tanh(μ(s)) rescaled to the env's bounds. */
    @Override
    public Policy<float[], Object> policy() {
        double[] in = new double[obsDim];
        double[] out = new double[actionDim];
        return obs -> {
            Widen.copy(obs, 0, in, 0, obsDim);
            actor.forward(in, 1, out, false);
            for (int j = 0; j < actionDim; j++) {
                out[j] = Math.tanh(out[j]);
            }
            return scaling.toEnv(out, 0, new float[actionDim]);
        };
    }

    @Override
    public void learn(long totalSteps, Callback callback) {
        TrainingContext ctx = new TrainingContext(name, totalSteps);
        ctx.setStep(loop.steps());
        callback.onTrainingStart(ctx);
        loop.start();
        while (loop.steps() < totalSteps && !ctx.stopRequested()) {
            boolean random = loop.steps() < config.learningStarts();
            boolean[] done = collector.step(ctx, callback, random, this::explore);
            for (int i = 0; i < done.length; i++) {
                if (done[i]) {
                    noise.reset(i);
                }
            }
            if (loop.steps() >= config.learningStarts() && loop.vectorSteps() % config.trainFrequency() == 0) {
                double[] sums = new double[3];
                for (int g = 0; g < config.gradientSteps(); g++) {
                    trainStep(sums);
                }
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("critic_loss", sums[0] / config.gradientSteps());
                metrics.put("actor_loss", sums[1]);
                metrics.put("q_mean", sums[2] / config.gradientSteps());
                callback.onUpdate(ctx, metrics);
            }
            callback.onStep(ctx);
        }
        callback.onTrainingEnd(ctx);
    }

    /** Acting: tanh(μ(s)) plus exploration noise, clipped to [−1, 1]. */
    private void explore(float[] obs, int n, double[] actions) {
        Widen.copy(obs, 0, obsRows, 0, n * obsDim);
        actor.forward(obsRows, n, actions, false);
        for (int i = 0; i < n; i++) {
            noise.sample(i, rng, noiseRows, i * actionDim);
            for (int j = 0; j < actionDim; j++) {
                int k = i * actionDim + j;
                actions[k] = Math.max(-1, Math.min(1, Math.tanh(actions[k]) + noiseRows[k]));
            }
        }
    }

    /** One critic update and, every policy_delay, one actor and target update; adds losses and mean Q to {@code sums}. */
    private void trainStep(double[] sums) {
        buffer.sample(rng, batch);
        int b = batch.size;
        // Target: smoothed target action, minimum over the target critics.
        Widen.copy(batch.nextObservations, 0, obsRows, 0, b * obsDim);
        actorTarget.forward(obsRows, b, nextActions, false);
        for (int k = 0; k < b * actionDim; k++) {
            double gaussian = config.targetPolicyNoise() > 0 ? rng.nextGaussian() : 0;
            nextActions[k] = smoothedTargetAction(nextActions[k], gaussian, config.targetPolicyNoise(), config.targetNoiseClip());
        }
        critics.minTargetQ(batch.nextObservations, nextActions, b, tdTarget);
        for (int r = 0; r < b; r++) {
            tdTarget[r] = clippedDoubleQTarget(batch.rewards[r], batch.discounts[r], batch.terminated[r] != 0, tdTarget[r]);
        }
        CriticEnsemble.Update update = critics.regress(batch, tdTarget, 1.0, config.learningRate());
        double criticLoss = update.loss();
        PolicyGradientMath.checkFinite(name + " (critic)", criticLoss, loop.steps());
        criticUpdates++;
        sums[0] += criticLoss;
        sums[2] += update.meanQ();
        if (criticUpdates % config.policyDelay() == 0) {
            sums[1] = updateActor(b);
            Gradients.polyak(actor.parameters(), actorTarget.parameters(), config.tau());
            critics.updateTargets(config.tau());
        }
    }

    /**
     * Target policy smoothing: {@code clip(tanh(out) + clip(σ·gaussian, −c, c), −1, 1)} for a target actor output
     * {@code out} and a standard normal draw.
     */
    static double smoothedTargetAction(double targetActorOutput, double gaussian, double sigma, double noiseClip) {
        double smoothing = Math.max(-noiseClip, Math.min(noiseClip, sigma * gaussian));
        return Math.max(-1, Math.min(1, Math.tanh(targetActorOutput) + smoothing));
    }

    /** {@code y = r + γ(1 − terminated)·min_i Q'_i}, given the minimum over the target critics. */
    static double clippedDoubleQTarget(double reward, double discount, boolean terminated, double minTargetQ) {
        return reward + (terminated ? 0 : discount * minTargetQ);
    }

    /** Actor step on −mean Q_1(s, tanh(μ(s))); returns the loss. */
    private double updateActor(int b) {
        Widen.copy(batch.observations, 0, obsRows, 0, b * obsDim);
        actor.forward(obsRows, b, actorOut, true);
        double[] actions = nextActions; // reuse: the target actions are no longer needed
        for (int k = 0; k < b * actionDim; k++) {
            actions[k] = Math.tanh(actorOut[k]);
        }
        critics.critic(0).forward(batch.observations, actions, b, q, true);
        double loss = 0;
        for (int r = 0; r < b; r++) {
            loss -= q[r] / b;
            qGradient[r] = -1.0 / b;
        }
        critics.critic(0).actionGradient(qGradient, actionGradient, b);
        for (int k = 0; k < b * actionDim; k++) {
            actorGradient[k] = actionGradient[k] * (1 - actions[k] * actions[k]);
        }
        actor.zeroGradients();
        actor.backward(actorGradient, null);
        PolicyGradientMath.checkFinite(name + " (actor)", loss, loop.steps());
        actorOptimizer.step(actor.parameters(), actor.gradients(), config.learningRate());
        return loss;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        actor.save(out, prefix + "actor.");
        actorTarget.save(out, prefix + "actor_target.");
        actorOptimizer.save(out, prefix + "actor_optimizer.");
        critics.save(out, prefix);
        buffer.save(out, prefix + "replay.");
        noise.save(out, prefix + "noise.");
        out.putLongs(prefix + "rng", rng.state());
        out.putLongs(prefix + "critic_updates", new long[] {criticUpdates});
        loop.save(out, prefix);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        actor.load(in, prefix + "actor.");
        actorTarget.load(in, prefix + "actor_target.");
        actorOptimizer.load(in, prefix + "actor_optimizer.");
        critics.load(in, prefix);
        buffer.load(in, prefix + "replay.");
        noise.load(in, prefix + "noise.");
        rng.setState(in.longs(prefix + "rng", 4));
        criticUpdates = in.longs(prefix + "critic_updates", 1)[0];
        loop.load(in, prefix);
    }
}
