package dev.reins.algorithms.tabular;

import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.Env;
import dev.reins.core.mdp.Mdp;
import dev.reins.core.policy.Policy;
import java.util.Map;

/**
 * Policy iteration: evaluate the current deterministic policy (sweeps until changes fall below θ), then make it greedy
 * with respect to its values; stop when the policy no longer changes. A "step" is one evaluation + improvement.
 * Improvement keeps the current action unless another is strictly better, so ties cannot make it cycle.
 *
 * <pre>{@code
 * PolicyIteration pi = new PolicyIteration(Envs.make("Taxi-v4"), DynamicProgrammingConfig.defaults());
 * pi.learn(1_000, Callback.NONE);
 * }</pre>
 */
public final class PolicyIteration implements Algorithm<Integer, Integer> {
    private final Mdp mdp;
    private final DynamicProgrammingConfig config;
    private final double[] v;
    private final int[] actions;
    private long iterations;
    private boolean stable;

    public PolicyIteration(Env<?, ?> env, DynamicProgrammingConfig config) {
        this.mdp = DynamicProgramming.requireMdp(env, "policy-iteration");
        this.config = config;
        this.v = new double[mdp.numStates()];
        this.actions = new int[mdp.numStates()];
    }

    @Override
    public String name() {
        return "policy-iteration";
    }

    @Override
    public void learn(long totalSteps, Callback callback) {
        TrainingContext ctx = new TrainingContext(name(), totalSteps);
        ctx.setStep(iterations);
        callback.onTrainingStart(ctx);
        while (!stable && iterations < totalSteps && !ctx.stopRequested()) {
            int evaluationSweeps = evaluate();
            int changed = improve();
            stable = changed == 0;
            iterations++;
            ctx.setStep(iterations);
            callback.onUpdate(ctx, Map.of("evaluation_sweeps", (double) evaluationSweeps, "policy_changes", (double) changed));
            callback.onStep(ctx);
        }
        callback.onTrainingEnd(ctx);
    }

    private int evaluate() {
        int sweeps = 0;
        // A policy that never ends (possible for γ = 1) would not converge; the cap keeps evaluation finite.
        while (sweeps < 1_000_000) {
            double delta = 0;
            for (int s = 0; s < mdp.numStates(); s++) {
                double value = DynamicProgramming.actionValue(mdp, v, s, actions[s], config.gamma());
                delta = Math.max(delta, Math.abs(value - v[s]));
                v[s] = value;
            }
            sweeps++;
            if (delta < config.theta()) {
                break;
            }
        }
        return sweeps;
    }

    private int improve() {
        int changed = 0;
        for (int s = 0; s < mdp.numStates(); s++) {
            int best = actions[s];
            double bestValue = DynamicProgramming.actionValue(mdp, v, s, best, config.gamma());
            for (int a = 0; a < mdp.numActions(); a++) {
                double value = DynamicProgramming.actionValue(mdp, v, s, a, config.gamma());
                if (value > bestValue + 1e-12) {
                    best = a;
                    bestValue = value;
                }
            }
            if (best != actions[s]) {
                actions[s] = best;
                changed++;
            }
        }
        return changed;
    }

    /** Whether the last improvement changed nothing (the policy is optimal). */
    public boolean stable() {
        return stable;
    }

    /** A copy of the state values of the current policy. */
    public double[] values() {
        return v.clone();
    }

    /** A copy of the action chosen in each state. */
    public int[] actions() {
        return actions.clone();
    }

    @Override
    public java.util.List<String> metricNames() {
        return java.util.List.of("evaluation_sweeps", "policy_changes");
    }

    @Override
    public long stepsDone() {
        return iterations;
    }

    @Override
    public Policy<Integer, Integer> policy() {
        int[] snapshot = actions.clone();
        return s -> snapshot[s];
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "v", v);
        out.putInts(prefix + "actions", actions);
        out.putLongs(prefix + "iterations", new long[] {iterations, stable ? 1 : 0});
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        System.arraycopy(in.doubles(prefix + "v", v.length), 0, v, 0, v.length);
        System.arraycopy(in.ints(prefix + "actions", actions.length), 0, actions, 0, actions.length);
        long[] it = in.longs(prefix + "iterations", 2);
        iterations = it[0];
        stable = it[1] != 0;
    }
}
