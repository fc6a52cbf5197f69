package dev.reins.algorithms.imitation;

import dev.reins.algorithms.common.ActorCritic;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.demo.Trajectory;
import dev.reins.core.env.Env;
import dev.reins.core.policy.Policy;
import dev.reins.core.random.Rng;
import dev.reins.core.random.SplitMix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Behaviour cloning: supervised learning of the expert's action in each demonstrated state. A "step" is one gradient
 * step on a minibatch; no env step is taken (the env gives the spaces, and evaluation).
 *
 * <pre>
 * D ← {(s, a)} of the demonstrations
 * repeat: sample a minibatch of D; θ ← θ − α ∇θ [−log π_θ(a|s) − c_H·H(π_θ(·|s)) + ½ c_L2·‖θ‖²]
 * </pre>
 *
 * <pre>{@code
 * BehaviorCloning bc = new BehaviorCloning(env, BcConfig.defaults(), demos, 0L);
 * bc.learn(10_000, Callback.NONE);
 * Object action = bc.policy().act(observation);
 * }</pre>
 */
public final class BehaviorCloning implements Algorithm<Object, Object> {
    /** Metrics are averaged over this many gradient steps before they are reported. */
    static final int LOG_INTERVAL = 100;

    private final BcConfig config;
    private final ObservationFeatures features;
    private final ActorCritic network;
    private final BehaviorCloningLoss loss;
    private final TransitionSet data;
    private final Rng rng;
    private final Policy<Object, Object> policy;
    private final Map<String, Double> window = new LinkedHashMap<>();
    private long steps;

    /** Clones {@code demos}, trajectories on {@code env}'s spaces. */
    public BehaviorCloning(Env<?, ?> env, BcConfig config, List<? extends Trajectory<?, ?>> demos, long seed) {
        this.config = config;
        this.features = ObservationFeatures.of(env.observationSpace());
        int[] hidden = config.hidden().stream().mapToInt(Integer::intValue).toArray();
        this.network = new ActorCritic(features.dim(), env.actionSpace(), hidden, config.activation(),
                config.precision(), NetworkBackend.JAVA, config.batchSize(), false,
                new Rng(SplitMix.derive(seed, 3)));
        this.loss = new BehaviorCloningLoss(network, config.batchSize(), config.entCoef(), config.l2Coef());
        this.data = TransitionSet.of(demos, features, network.actionWidth());
        if (data.size() == 0) {
            throw new IllegalArgumentException("the demonstrations have no transitions to clone");
        }
        this.rng = new Rng(SplitMix.derive(seed, 1));
        double[][] stats = config.normalizeObservations() ? data.stateStatistics() : new double[][] {null, null};
        if (config.normalizeObservations()) {
            data.standardize(stats[0], stats[1]);
        }
        this.policy = ClonedPolicy.of(network, features, stats[0], stats[1]);
    }

    /** Reads the demonstrations from {@code config.demos()} (checked against {@code env} and {@code envId}). */
    public static BehaviorCloning fromFile(Env<?, ?> env, String envId, BcConfig config, long seed) {
        return new BehaviorCloning(env, config, DemonstrationFiles.read("bc", config.demos(), config.demoEpisodes(), env, envId), seed);
    }

    @Override
    public String name() {
        return "bc";
    }

    @Override
    public List<String> metricNames() {
        return List.of("bc_loss", "bc_neg_log_likelihood", "bc_entropy", "bc_accuracy", "learning_rate", "expert_transitions");
    }

    @Override
    public long stepsDone() {
        return steps;
    }

    /** The expert transitions being cloned. */
    public TransitionSet data() {
        return data;
    }

    /** The policy network being trained (no value network). */
    public ActorCritic network() {
        return network;
    }

    @Override
    public Policy<Object, Object> policy() {
        return policy;
    }

    @Override
    public void learn(long totalSteps, Callback callback) {
        TrainingContext ctx = new TrainingContext(name(), totalSteps);
        ctx.setStep(steps);
        callback.onTrainingStart(ctx);
        while (steps < totalSteps && !ctx.stopRequested()) {
            double lr = config.learningRate().value(Math.min(1.0, (double) steps / totalSteps));
            Map<String, Double> m = loss.step(data, rng, lr);
            m.forEach((k, v) -> window.merge(k, v / LOG_INTERVAL, Double::sum));
            steps++;
            ctx.setStep(steps);
            if (steps % LOG_INTERVAL == 0) {
                Map<String, Double> report = new LinkedHashMap<>(window);
                report.put("learning_rate", lr);
                report.put("expert_transitions", (double) data.size());
                window.clear();
                callback.onUpdate(ctx, report);
            }
            callback.onStep(ctx);
        }
        callback.onTrainingEnd(ctx);
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        network.save(out, prefix + "policy.");
        loss.save(out, prefix);
        out.putLongs(prefix + "rng", rng.state());
        out.putLongs(prefix + "steps", new long[] {steps});
        out.putDoubles(prefix + "metric_window", window.values().stream().mapToDouble(Double::doubleValue).toArray());
        out.putString(prefix + "metric_names", String.join(",", window.keySet()));
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        network.load(in, prefix + "policy.");
        loss.load(in, prefix);
        rng.setState(in.longs(prefix + "rng", 4));
        steps = in.longs(prefix + "steps", 1)[0];
        window.clear();
        String names = in.string(prefix + "metric_names");
        double[] values = in.doubles(prefix + "metric_window");
        if (!names.isEmpty()) {
            String[] keys = names.split(",");
            for (int i = 0; i < keys.length; i++) {
                window.put(keys[i], values[i]);
            }
        }
    }
}
