package dev.reins.algorithms.dqn;

import dev.reins.algorithms.common.VectorEnvLoop;
import dev.reins.algorithms.nn.Adam;
import dev.reins.algorithms.nn.Gradients;
import dev.reins.algorithms.nn.Widen;
import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.buffer.PrioritizedReplayBuffer;
import dev.reins.core.buffer.ReplayBatch;
import dev.reins.core.buffer.ReplayBuffer;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.policy.Policy;
import dev.reins.core.policy.QFunction;
import dev.reins.core.random.Rng;
import dev.reins.core.random.SplitMix;
import dev.reins.core.schedule.Schedule;
import dev.reins.core.space.Discrete;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.VectorEnv;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep Q-Network with its usual extensions, as SB3 and CleanRL structure it:
 *
 * <pre>
 * for each vector step:
 *     ε-greedy actions: a coin flip per env, then one batched forward of Q if any env acts greedily (uniform before
 *     learning_starts)
 *     step the envs; store transitions (n-step, final observation on truncation) in the replay buffer
 *     every train_frequency vector steps after learning_starts, gradient_steps times:
 *         sample a batch (prioritized: with importance weights)
 *         y = r + γ^k (1 − terminated) Q_target(s', argmax_a Q(s', a) if double DQN else argmax_a Q_target(s', a))
 *         minimise Huber(Q(s, a) − y) with Adam, gradients clipped to max_grad_norm; update priorities with |δ|
 *     every target_update_interval env steps: θ_target ← τ θ + (1 − τ) θ_target
 * </pre>
 *
 * <pre>{@code
 * Dqn dqn = new Dqn(envFactory, DqnConfig.defaults(), 0L);
 * dqn.learn(50_000, Callback.NONE);
 * int action = dqn.policy().act(observation);
 * }</pre>
 */
public final class Dqn implements Algorithm<float[], Integer> {
    private final DqnConfig config;
    private final VectorEnvLoop<Integer> loop;
    private final VectorEnv<Integer> envs;
    private final int numEnvs;
    private final int obsDim;
    private final int numActions;
    private final QNetwork q;
    private final QNetwork target;
    private final Adam optimizer;
    private final ReplayBuffer buffer;
    private final NStepAccumulator nStep;
    private final Rng rng;
    private final Schedule epsilon;
    // Reused buffers: the loop allocates nothing per step.
    private final Integer[] actions;
    private final boolean[] greedy;
    private final double[] obsBatch;
    private final double[] qActing;
    private final ReplayBatch batch;
    private final double[] batchObs;
    private final double[] batchNextObs;
    private final double[] qBatch;
    private final double[] qNextTarget;
    private final double[] qNextOnline;
    private final double[] qGradient;
    private final double[] tdErrors;
    private long gradientUpdates;

    @SuppressWarnings("unchecked")
    public Dqn(dev.reins.core.env.EnvFactory envFactory, DqnConfig config, long seed) {
        this.config = config;
        VectorEnv<?> made = envFactory.vector(config.numEnvs(), AutoresetMode.SAME_STEP);
        if (!(made.singleActionSpace() instanceof Discrete discrete)) {
            throw new IllegalArgumentException("dqn needs a Discrete action space; " + envFactory.id() + " has "
                    + made.singleActionSpace());
        }
        this.envs = (VectorEnv<Integer>) made;
        this.loop = new VectorEnvLoop<>(envs, seed);
        this.numEnvs = config.numEnvs();
        this.obsDim = envs.observationDim();
        this.numActions = discrete.n();
        Rng init = new Rng(SplitMix.derive(seed, 3));
        int maxBatch = Math.max(config.batchSize(), numEnvs);
        this.q = new QNetwork(obsDim, numActions, config.hidden(), config.activation(),
                config.precision(), config.networkBackend(), config.dueling(), maxBatch, init);
        this.target = q.copy();
        this.optimizer = new Adam(q.body().parameters().length, 0.9, 0.999, config.adamEpsilon());
        this.buffer = config.prioritizedReplay()
                ? new PrioritizedReplayBuffer(config.bufferSize(), obsDim, 1, config.perAlpha(), config.perEpsilon())
                : new ReplayBuffer(config.bufferSize(), obsDim, 1);
        this.nStep = new NStepAccumulator(config.nSteps(), numEnvs, obsDim, config.gamma());
        this.rng = new Rng(SplitMix.derive(seed, 1));
        this.epsilon = new Schedule.Linear(config.explorationInitialEps(), config.explorationFinalEps(), config.explorationFraction());
        actions = new Integer[numEnvs];
        greedy = new boolean[numEnvs];
        obsBatch = new double[numEnvs * obsDim];
        qActing = new double[numEnvs * numActions];
        int b = config.batchSize();
        batch = new ReplayBatch(b, obsDim, 1);
        batchObs = new double[b * obsDim];
        batchNextObs = new double[b * obsDim];
        qBatch = new double[b * numActions];
        qNextTarget = new double[b * numActions];
        qNextOnline = new double[b * numActions];
        qGradient = new double[b * numActions];
        tdErrors = new double[b];
    }

    @Override
    public String name() {
        return config.doubleDqn() ? "double-dqn" : "dqn";
    }

    @Override
    public List<String> metricNames() {
        return List.of("loss", "q_mean", "td_error_abs", "grad_norm", "epsilon", "learning_rate");
    }

    @Override
    public long stepsDone() {
        return loop.steps();
    }

    /** The online Q-network. */
    public QNetwork qNetwork() {
        return q;
    }

    /** The greedy policy of the online network (ties to the lowest action). */
    @Override
    public Policy<float[], Integer> policy() {
        double[] in = new double[obsDim];
        double[] out = new double[numActions];
        return obs -> {
            Widen.copy(obs, 0, in, 0, obsDim);
            q.forward(in, 1, out, false);
            return QFunction.argmax(out);
        };
    }

    @Override
    public void learn(long totalSteps, Callback callback) {
        TrainingContext ctx = new TrainingContext(name(), totalSteps);
        ctx.setStep(loop.steps());
        callback.onTrainingStart(ctx);
        loop.start();
        double[] roundMetrics = new double[5];
        while (loop.steps() < totalSteps && !ctx.stopRequested()) {
            double progress = (double) loop.steps() / totalSteps;
            double eps = epsilon.value(progress);
            chooseActions(eps);
            envs.step(actions);
            storeTransitions();
            long before = loop.steps();
            loop.recordStep(ctx, callback);
            long steps = loop.steps();
            if (steps > config.learningStarts() && loop.vectorSteps() % config.trainFrequency() == 0) {
                double lr = config.learningRate().value(progress);
                java.util.Arrays.fill(roundMetrics, 0);
                for (int g = 0; g < config.gradientSteps(); g++) {
                    trainStep(lr, Math.min(1.0, config.perBeta0() + progress * (1 - config.perBeta0())), roundMetrics);
                }
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("loss", roundMetrics[0] / config.gradientSteps());
                metrics.put("q_mean", roundMetrics[1] / config.gradientSteps());
                metrics.put("td_error_abs", roundMetrics[2] / config.gradientSteps());
                metrics.put("grad_norm", roundMetrics[3] / config.gradientSteps());
                metrics.put("epsilon", eps);
                metrics.put("learning_rate", lr);
                callback.onUpdate(ctx, metrics);
            }
            // Target updates every target_update_interval env steps, as SB3 counts them with N envs.
            if (before / config.targetUpdateInterval() != steps / config.targetUpdateInterval()) {
                if (config.tau() == 1.0) {
                    Gradients.copyInto(q.body().parameters(), target.body().parameters());
                } else {
                    Gradients.polyak(q.body().parameters(), target.body().parameters(), config.tau());
                }
            }
            callback.onStep(ctx);
        }
        callback.onTrainingEnd(ctx);
    }

    private void chooseActions(double eps) {
        float[] observations = loop.observations();
        if (loop.steps() < config.learningStarts()) {
            for (int i = 0; i < numEnvs; i++) {
                actions[i] = rng.nextInt(numActions);
            }
            return;
        }
        // The coin flips come first and Q is computed only if some env acts greedily (as CleanRL's dqn.py does): early
        // in training most actions are random. The draws are in the same order as flipping beside each argmax.
        boolean anyGreedy = false;
        for (int i = 0; i < numEnvs; i++) {
            greedy[i] = false;
            if (rng.nextDouble() < eps) {
                actions[i] = rng.nextInt(numActions);
            } else {
                greedy[i] = true;
                anyGreedy = true;
            }
        }
        if (!anyGreedy) {
            return;
        }
        Widen.copy(observations, 0, obsBatch, 0, observations.length);
        q.forward(obsBatch, numEnvs, qActing, false);
        for (int i = 0; i < numEnvs; i++) {
            if (greedy[i]) {
                actions[i] = QFunction.argmax(qActing, i * numActions, numActions);
            }
        }
    }

    private void storeTransitions() {
        float[] observations = loop.observations();
        boolean[] terminated = envs.terminated();
        boolean[] truncated = envs.truncated();
        double[] rewards = envs.rewards();
        for (int i = 0; i < numEnvs; i++) {
            boolean done = terminated[i] || truncated[i];
            // Same-step autoreset: on an episode end the observation buffer already holds the next episode's start,
            // and the final observation (to bootstrap a truncation from) is in finalObservations.
            float[] next = done ? envs.finalObservations() : envs.observations();
            nStep.add(i, observations, i * obsDim, actions[i], rewards[i], next, i * obsDim, terminated[i], done, buffer);
        }
    }

    /** One gradient step; adds loss, mean Q, mean |δ| and the gradient norm to {@code metrics}. */
    private void trainStep(double lr, double beta, double[] metrics) {
        if (buffer instanceof PrioritizedReplayBuffer prioritized) {
            prioritized.sample(rng, batch, beta);
        } else {
            buffer.sample(rng, batch);
        }
        int b = batch.size;
        Widen.copy(batch.observations, 0, batchObs, 0, b * obsDim);
        Widen.copy(batch.nextObservations, 0, batchNextObs, 0, b * obsDim);
        target.forward(batchNextObs, b, qNextTarget, false);
        if (config.doubleDqn()) {
            q.forward(batchNextObs, b, qNextOnline, false);
        }
        q.forward(batchObs, b, qBatch, true);
        double loss = 0;
        double qSum = 0;
        double tdSum = 0;
        java.util.Arrays.fill(qGradient, 0, b * numActions, 0);
        for (int r = 0; r < b; r++) {
            double next = TdTarget.nextValue(config.doubleDqn() ? qNextOnline : qNextTarget, qNextTarget, r, numActions);
            double y = TdTarget.of(batch.rewards[r], batch.discounts[r], batch.terminated[r] != 0, next);
            int a = batch.discreteAction(r);
            double prediction = qBatch[r * numActions + a];
            double error = prediction - y;
            tdErrors[r] = error;
            double w = batch.weights[r];
            loss += w * config.loss().value(error) / b;
            qGradient[r * numActions + a] = w * config.loss().derivative(error) / b;
            qSum += prediction;
            tdSum += Math.abs(error);
        }
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException("dqn: the loss became " + loss + " after " + gradientUpdates + " gradient steps (step "
                    + loop.steps() + "); lower learning_rate or check the env's rewards. Training stopped; the last checkpoint is kept.");
        }
        q.body().zeroGradients();
        q.backward(qGradient, b);
        double norm = Gradients.clipGlobalNorm(q.body().gradients(), config.maxGradNorm());
        optimizer.step(q.body().parameters(), q.body().gradients(), lr);
        gradientUpdates++;
        if (buffer instanceof PrioritizedReplayBuffer prioritized) {
            prioritized.updatePriorities(batch.indices, tdErrors, b);
        }
        metrics[0] += loss;
        metrics[1] += qSum / b;
        metrics[2] += tdSum / b;
        metrics[3] += norm;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        q.save(out, prefix + "q.");
        target.save(out, prefix + "target.");
        optimizer.save(out, prefix + "optimizer.");
        buffer.save(out, prefix + "replay.");
        nStep.save(out, prefix);
        out.putLongs(prefix + "rng", rng.state());
        out.putLongs(prefix + "gradient_updates", new long[] {gradientUpdates});
        loop.save(out, prefix);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        q.load(in, prefix + "q.");
        target.load(in, prefix + "target.");
        optimizer.load(in, prefix + "optimizer.");
        buffer.load(in, prefix + "replay.");
        nStep.load(in, prefix);
        rng.setState(in.longs(prefix + "rng", 4));
        gradientUpdates = in.longs(prefix + "gradient_updates", 1)[0];
        loop.load(in, prefix);
    }
}
