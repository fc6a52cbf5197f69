package dev.reins.algorithms.imitation;

import dev.reins.algorithms.tabular.DynamicProgramming;
import dev.reins.algorithms.tabular.QTable;
import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.demo.Trajectory;
import dev.reins.core.env.Env;
import dev.reins.core.mdp.Mdp;
import dev.reins.core.policy.Policy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maximum-(causal-)entropy inverse RL (Ziebart et al., 2008; 2010) on an env with a known {@link Mdp}: a reward r(s')
 * per state (paid on arriving in s') such that the maximum-entropy policy for it occupies states as the expert did —
 * discounted occupancies, so that a learner circling in rewarding states over-occupies them and is corrected. A "step"
 * is one gradient step.
 *
 * <pre>
 * ρ_E(s) ← mean over trajectories of Σ_t γ^t [s_{t+1} = s]
 * repeat:
 *     soft value iteration: Q(s,a) = Σ p(s'|s,a) [r(s') + γ·V(s')],  V(s) = log Σ_a exp Q(s,a)   (V = 0 past a terminal)
 *     π(a|s) = exp(Q(s,a) − V(s))
 *     ρ_π ← Σ_t γ^t P_π(s_{t+1} = s), from where the expert started
 *     r ← r + α (ρ_E − ρ_π − c·r)                        (the gradient of the demonstrations' log-likelihood)
 * </pre>
 *
 * {@link #policy()} is the optimal policy of the recovered reward (value iteration with it in place of the env's).
 *
 * <pre>{@code
 * MaxEntIrl irl = new MaxEntIrl(Envs.make("FrozenLake8x8-v1", Map.of("is_slippery", false)), MaxEntIrlConfig.defaults(), demos);
 * irl.learn(500, Callback.NONE);
 * double[] reward = irl.reward();
 * }</pre>
 */
public final class MaxEntIrl implements Algorithm<Integer, Integer> {
    private final MaxEntIrlConfig config;
    private final Mdp mdp;
    private final int states;
    private final int actions;
    private final double[] expertVisits;
    private final double[] start;
    private final Map<Integer, Integer> expertActions;
    private final double[] reward;
    private final double[] softValues;
    private QTable optimal;
    private long steps;

    public MaxEntIrl(Env<?, ?> env, MaxEntIrlConfig config, List<? extends Trajectory<?, ?>> demos) {
        this.config = config;
        this.mdp = DynamicProgramming.requireMdp(env, "maxent-irl");
        this.states = mdp.numStates();
        this.actions = mdp.numActions();
        this.expertVisits = new double[states];
        this.start = new double[states];
        this.expertActions = new HashMap<>();
        int transitions = 0;
        for (Trajectory<?, ?> t : demos) {
            start[(Integer) t.observations().get(0)] += 1.0 / demos.size();
            for (int i = 0; i < t.length(); i++) {
                expertVisits[(Integer) t.observations().get(i + 1)] += Math.pow(config.gamma(), i) / demos.size();
                expertActions.putIfAbsent((Integer) t.observations().get(i), (Integer) t.actions().get(i));
            }
            transitions += t.length();
        }
        if (transitions == 0) {
            throw new IllegalArgumentException("the demonstrations have no transitions to learn a reward from");
        }
        this.reward = new double[states];
        this.softValues = new double[states];
        this.optimal = optimalQ();
    }

    /** Reads the demonstrations named by {@code config.demos()}. */
    public static MaxEntIrl fromFile(Env<?, ?> env, String envId, MaxEntIrlConfig config) {
        return new MaxEntIrl(env, config, DemonstrationFiles.read("maxent-irl", config.demos(), config.demoEpisodes(), env, envId));
    }

    @Override
    public String name() {
        return "maxent-irl";
    }

    @Override
    public List<String> metricNames() {
        return List.of("visitation_gap", "expert_log_likelihood", "expert_agreement");
    }

    @Override
    public long stepsDone() {
        return steps;
    }

    /** The recovered reward of arriving in each state (a copy). */
    public double[] reward() {
        return reward.clone();
    }

    @Override
    public Policy<Integer, Integer> policy() {
        QTable q = optimal;
        return q::greedyAction;
    }

    /** The fraction of the expert's states in which the optimal policy of the recovered reward acts as the expert did. */
    public double expertAgreement() {
        int agree = 0;
        for (Map.Entry<Integer, Integer> e : expertActions.entrySet()) {
            agree += optimal.greedyAction(e.getKey()) == e.getValue() ? 1 : 0;
        }
        return (double) agree / expertActions.size();
    }

    @Override
    public void learn(long totalSteps, Callback callback) {
        TrainingContext ctx = new TrainingContext(name(), totalSteps);
        ctx.setStep(steps);
        callback.onTrainingStart(ctx);
        double[][] policy = new double[states][actions];
        while (steps < totalSteps && !ctx.stopRequested()) {
            softValueIteration(policy);
            double[] visits = expectedVisits(policy);
            double gap = 0;
            for (int s = 0; s < states; s++) {
                double g = expertVisits[s] - visits[s];
                gap += Math.abs(g);
                reward[s] += config.learningRate() * (g - config.l2Coef() * reward[s]);
            }
            steps++;
            ctx.setStep(steps);
            optimal = optimalQ();
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("visitation_gap", gap);
            metrics.put("expert_log_likelihood", expertLogLikelihood(policy));
            metrics.put("expert_agreement", expertAgreement());
            callback.onUpdate(ctx, metrics);
            callback.onStep(ctx);
        }
        callback.onTrainingEnd(ctx);
    }

    /** Soft Bellman sweeps from the last values; leaves π(a|s) = exp(Q − V) in {@code policy}. */
    private void softValueIteration(double[][] policy) {
        double[] q = new double[actions];
        for (int sweep = 0; sweep < config.softIterations(); sweep++) {
            for (int s = 0; s < states; s++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < actions; a++) {
                    q[a] = softActionValue(s, a);
                    max = Math.max(max, q[a]);
                }
                double sum = 0;
                for (int a = 0; a < actions; a++) {
                    sum += Math.exp(q[a] - max);
                }
                double v = max + Math.log(sum);
                for (int a = 0; a < actions; a++) {
                    policy[s][a] = Math.exp(q[a] - v);
                }
                softValues[s] = v;
            }
        }
    }

    private double softActionValue(int s, int a) {
        double total = 0;
        for (Mdp.Transition t : mdp.transitions(s, a)) {
            total += t.probability() * (reward[t.nextState()] + (t.terminal() ? 0 : config.gamma() * softValues[t.nextState()]));
        }
        return total;
    }

    /** Discounted expected arrivals in each state under π, from the expert's start states, until the mass is negligible. */
    private double[] expectedVisits(double[][] policy) {
        double[] visits = new double[states];
        double[] at = start.clone();
        double discount = 1;
        int horizon = (int) Math.ceil(Math.log(1e-8) / Math.log(config.gamma()));
        for (int t = 0; t < horizon; t++, discount *= config.gamma()) {
            double[] next = new double[states];
            for (int s = 0; s < states; s++) {
                if (at[s] == 0) {
                    continue;
                }
                for (int a = 0; a < actions; a++) {
                    double mass = at[s] * policy[s][a];
                    for (Mdp.Transition tr : mdp.transitions(s, a)) {
                        double m = mass * tr.probability();
                        visits[tr.nextState()] += discount * m;
                        if (!tr.terminal()) {
                            next[tr.nextState()] += m; // episodes end on arrival in a terminal state
                        }
                    }
                }
            }
            at = next;
        }
        return visits;
    }

    private double expertLogLikelihood(double[][] policy) {
        double total = 0;
        for (Map.Entry<Integer, Integer> e : expertActions.entrySet()) {
            total += Math.log(Math.max(1e-300, policy[e.getKey()][e.getValue()]));
        }
        return total / expertActions.size();
    }

    /** Q* of the recovered reward by value iteration. */
    private QTable optimalQ() {
        Mdp recovered = withRecoveredReward();
        double[] v = new double[states];
        for (int sweep = 0; sweep < 100_000; sweep++) {
            double delta = 0;
            for (int s = 0; s < states; s++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < actions; a++) {
                    best = Math.max(best, DynamicProgramming.actionValue(recovered, v, s, a, config.gamma()));
                }
                delta = Math.max(delta, Math.abs(best - v[s]));
                v[s] = best;
            }
            if (delta < 1e-10) {
                break;
            }
        }
        return DynamicProgramming.qFromValues(recovered, v, config.gamma());
    }

    /** The env's dynamics with the recovered reward in place of its own. */
    private Mdp withRecoveredReward() {
        double[] r = reward.clone();
        return new Mdp() {
            @Override
            public int numStates() {
                return states;
            }

            @Override
            public int numActions() {
                return actions;
            }

            @Override
            public List<Transition> transitions(int state, int action) {
                List<Transition> out = new ArrayList<>();
                for (Transition t : mdp.transitions(state, action)) {
                    out.add(new Transition(t.probability(), t.nextState(), r[t.nextState()], t.terminal()));
                }
                return out;
            }

            @Override
            public double[] initialStateDistribution() {
                return mdp.initialStateDistribution();
            }
        };
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "reward", reward);
        out.putDoubles(prefix + "soft_values", softValues);
        out.putLongs(prefix + "steps", new long[] {steps});
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        System.arraycopy(in.doubles(prefix + "reward", states), 0, reward, 0, states);
        System.arraycopy(in.doubles(prefix + "soft_values", states), 0, softValues, 0, states);
        steps = in.longs(prefix + "steps", 1)[0];
        optimal = optimalQ();
    }
}
