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
import dev.reins.core.env.StepResult;
import dev.reins.core.env.wrappers.EpisodeStatistics;
import dev.reins.core.policy.Policy;
import dev.reins.core.random.Rng;
import dev.reins.core.random.SplitMix;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DAgger (Ross, Gordon &amp; Bagnell, 2011): the learner drives, the expert labels every state it visits, and the
 * policy is retrained on everything labelled so far — so it learns to recover from its own mistakes, which behaviour
 * cloning never sees. A "step" is an env step; the expert is asked once per step.
 *
 * <pre>
 * D ← demonstrations (optional); π_0 ← π_expert
 * for round i = 0, 1, …:
 *     β_i ← max(0, 1 − i / rampdown)
 *     roll out steps_per_round steps, each executing π_expert's action with probability β_i, else π_i's
 *     D ← D ∪ {(s, π_expert(s)) : s visited}
 *     π_{i+1} ← train π_i on D for bc_steps_per_round gradient steps (behaviour cloning's loss)
 * </pre>
 *
 * <pre>{@code
 * Dagger dagger = new Dagger(env, DaggerConfig.defaults(), expertPolicy, List.of(), 0L);
 * dagger.learn(8_000, Callback.NONE);          // 8 rounds of 1,000 labelled steps
 * long labels = dagger.expertLabels();
 * }</pre>
 */
public final class Dagger implements Algorithm<Object, Object> {
    private final DaggerConfig config;
    private final Env<Object, Object> env;
    private final Policy<Object, Object> expert;
    private final ObservationFeatures features;
    private final ActorCritic network;
    private final BehaviorCloningLoss loss;
    private final TransitionSet data;
    private final Rng rng;
    private final long seed;
    private final Policy<Object, Object> policy;
    private long steps;
    private long rounds;
    private long episodes;
    private long expertLabels;

    /**
     * @param env the env rolled out on (its own copy; the learner resets it)
     * @param expert labels every visited state
     * @param demos demonstrations added to the dataset before the first round (may be empty; not counted as labels)
     */
    @SuppressWarnings("unchecked")
    public Dagger(Env<?, ?> env, DaggerConfig config, Policy<?, ?> expert, List<? extends Trajectory<?, ?>> demos, long seed) {
        this.config = config;
        this.env = (Env<Object, Object>) env;
        this.expert = (Policy<Object, Object>) expert;
        this.features = ObservationFeatures.of(env.observationSpace());
        int[] hidden = config.hidden().stream().mapToInt(Integer::intValue).toArray();
        this.network = new ActorCritic(features.dim(), env.actionSpace(), hidden, config.activation(),
                config.precision(), NetworkBackend.JAVA, config.batchSize(), false,
                new Rng(SplitMix.derive(seed, 3)));
        this.loss = new BehaviorCloningLoss(network, config.batchSize(), config.entCoef(), config.l2Coef());
        this.data = TransitionSet.of(demos, features, network.actionWidth());
        this.rng = new Rng(SplitMix.derive(seed, 1));
        this.seed = seed;
        this.policy = ClonedPolicy.of(network, features);
    }

    /** Loads the expert run folder and optional demonstrations named by {@code config}. */
    public static Dagger fromConfig(Env<?, ?> env, String envId, DaggerConfig config, long seed) {
        if (config.expert().isBlank()) {
            throw new IllegalArgumentException("dagger asks an expert for labels: give --expert RUN_DIR (the expert hyperparameter)");
        }
        Policy<Object, Object> expert = ExpertLoader.load(Path.of(config.expert()), envId);
        List<Trajectory<Object, Object>> demos = config.demos().isBlank() ? List.of()
                : DemonstrationFiles.read("dagger", config.demos(), config.demoEpisodes(), env, envId);
        return new Dagger(env, config, expert, demos, seed);
    }

    @Override
    public String name() {
        return "dagger";
    }

    @Override
    public List<String> metricNames() {
        return List.of("round", "beta", "expert_labels", "expert_transitions", "expert_agreement", "bc_loss", "bc_neg_log_likelihood",
                "bc_entropy", "bc_accuracy", "learning_rate");
    }

    @Override
    public long stepsDone() {
        return steps;
    }

    /** How many times the expert has been asked for an action. */
    public long expertLabels() {
        return expertLabels;
    }

    /** The aggregated dataset. */
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

    /** β of round {@code round}: the chance that the expert's action is executed. */
    double beta(long round) {
        int rampdown = config.betaRampdownRounds();
        return rampdown == 0 ? 0.0 : Math.max(0.0, 1.0 - (double) round / rampdown);
    }

    @Override
    public void learn(long totalSteps, Callback callback) {
        TrainingContext ctx = new TrainingContext(name(), totalSteps);
        ctx.setStep(steps);
        callback.onTrainingStart(ctx);
        while (steps < totalSteps && !ctx.stopRequested()) {
            double beta = beta(rounds);
            int budget = (int) Math.min(config.stepsPerRound(), totalSteps - steps);
            double agreement = rollOut(budget, beta, ctx, callback);
            Map<String, Double> metrics = new LinkedHashMap<>();
            double lr = config.learningRate().value(Math.min(1.0, (double) steps / totalSteps));
            for (int k = 0; k < config.bcStepsPerRound(); k++) {
                loss.step(data, rng, lr).forEach((name, v) -> metrics.merge(name, v / config.bcStepsPerRound(), Double::sum));
            }
            rounds++;
            metrics.put("round", (double) rounds);
            metrics.put("beta", beta);
            metrics.put("expert_labels", (double) expertLabels);
            metrics.put("expert_transitions", (double) data.size());
            metrics.put("expert_agreement", agreement);
            metrics.put("learning_rate", lr);
            callback.onRolloutEnd(ctx);
            callback.onUpdate(ctx, metrics);
            callback.onStep(ctx); // rounds are the unit of progress: the state is consistent only between them
        }
        callback.onTrainingEnd(ctx);
    }

    /**
     * Plays {@code budget} steps from fresh episodes, labelling each state; returns the fraction of steps on which the
     * learner's own choice agreed with the expert's.
     */
    private double rollOut(int budget, double beta, TrainingContext ctx, Callback callback) {
        double[] row = new double[features.dim()];
        float[] label = new float[network.actionWidth()];
        int agreed = 0;
        int taken = 0;
        while (taken < budget) {
            Object obs = env.reset(SplitMix.derive(seed, 1_000_000L + episodes)).observation();
            double ret = 0;
            int length = 0;
            boolean done = false;
            while (!done && taken < budget && length < config.maxEpisodeSteps()) {
                Object expertAction = expert.act(obs);
                expertLabels++;
                features.encode(obs, row, 0);
                TransitionSet.actionRow(expertAction, label);
                data.add(row, label, null, false);
                Object learnerAction = policy.act(obs);
                agreed += sameAction(expertAction, learnerAction) ? 1 : 0;
                Object executed = rng.nextDouble() < beta ? expertAction : learnerAction;
                StepResult<Object> r = env.step(executed);
                ret += r.reward();
                length++;
                taken++;
                steps++;
                ctx.setStep(steps);
                obs = r.observation();
                done = r.done();
            }
            episodes++;
            if (done) {
                callback.onEpisodeEnd(ctx, new EpisodeStatistics(ret, length));
            }
        }
        return (double) agreed / budget;
    }

    private static boolean sameAction(Object a, Object b) {
        if (a instanceof float[] x && b instanceof float[] y) {
            return java.util.Arrays.equals(x, y);
        }
        return a.equals(b);
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        network.save(out, prefix + "policy.");
        loss.save(out, prefix);
        data.save(out, prefix + "data.");
        out.putLongs(prefix + "rng", rng.state());
        out.putLongs(prefix + "counters", new long[] {steps, rounds, episodes, expertLabels});
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        network.load(in, prefix + "policy.");
        loss.load(in, prefix);
        data.load(in, prefix + "data.");
        rng.setState(in.longs(prefix + "rng", 4));
        long[] c = in.longs(prefix + "counters", 4);
        steps = c[0];
        rounds = c[1];
        episodes = c[2];
        expertLabels = c[3];
    }
}
