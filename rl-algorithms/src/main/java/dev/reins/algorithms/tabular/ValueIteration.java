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
 * Value iteration: repeat in-place sweeps {@code V(s) ← max_a Σ p (r + γ V(s'))} until no value changes by more than θ;
 * the greedy policy of the result is optimal. A "step" is one sweep; {@link #learn} stops early once converged.
 *
 * <pre>{@code
 * ValueIteration vi = new ValueIteration(Envs.make("FrozenLake-v1"), DynamicProgrammingConfig.defaults());
 * vi.learn(10_000, Callback.NONE);
 * double startValue = vi.values()[0];
 * }</pre>
 */
public final class ValueIteration implements Algorithm<Integer, Integer> {
    private final Mdp mdp;
    private final DynamicProgrammingConfig config;
    private final double[] v;
    private long sweeps;
    private boolean converged;
    private QTable q;

    public ValueIteration(Env<?, ?> env, DynamicProgrammingConfig config) {
        this.mdp = DynamicProgramming.requireMdp(env, "value-iteration");
        this.config = config;
        this.v = new double[mdp.numStates()];
        this.q = DynamicProgramming.qFromValues(mdp, v, config.gamma());
    }

    @Override
    public String name() {
        return "value-iteration";
    }

    @Override
    public void learn(long totalSteps, Callback callback) {
        TrainingContext ctx = new TrainingContext(name(), totalSteps);
        ctx.setStep(sweeps);
        callback.onTrainingStart(ctx);
        while (!converged && sweeps < totalSteps && !ctx.stopRequested()) {
            double delta = 0;
            for (int s = 0; s < mdp.numStates(); s++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < mdp.numActions(); a++) {
                    best = Math.max(best, DynamicProgramming.actionValue(mdp, v, s, a, config.gamma()));
                }
                delta = Math.max(delta, Math.abs(best - v[s]));
                v[s] = best;
            }
            sweeps++;
            converged = delta < config.theta();
            ctx.setStep(sweeps);
            callback.onUpdate(ctx, Map.of("max_value_change", delta));
            callback.onStep(ctx);
        }
        q = DynamicProgramming.qFromValues(mdp, v, config.gamma());
        callback.onTrainingEnd(ctx);
    }

    /** Whether the last sweep changed no value by more than θ. */
    public boolean converged() {
        return converged;
    }

    /** A copy of the state values. */
    public double[] values() {
        return v.clone();
    }

    /** The action values implied by the current state values. */
    public QTable qTable() {
        return q;
    }

    @Override
    public java.util.List<String> metricNames() {
        return java.util.List.of("max_value_change");
    }

    @Override
    public long stepsDone() {
        return sweeps;
    }

    @Override
    public Policy<Integer, Integer> policy() {
        QTable table = q;
        return table::greedyAction;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "v", v);
        out.putLongs(prefix + "sweeps", new long[] {sweeps, converged ? 1 : 0});
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        System.arraycopy(in.doubles(prefix + "v", v.length), 0, v, 0, v.length);
        long[] s = in.longs(prefix + "sweeps", 2);
        sweeps = s[0];
        converged = s[1] != 0;
        q = DynamicProgramming.qFromValues(mdp, v, config.gamma());
    }
}
