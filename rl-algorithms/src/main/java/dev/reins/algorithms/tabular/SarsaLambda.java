package dev.reins.algorithms.tabular;

import dev.reins.core.env.Env;

/**
 * SARSA(λ) with eligibility traces (Sutton &amp; Barto, §12.7): {@code δ = r + γ Q(s',a') − Q(s,a)}; mark (s, a);
 * {@code Q ← Q + α δ e}; {@code e ← γ λ e}. Traces are cleared when an episode ends.
 *
 * <pre>{@code
 * SarsaLambda agent = new SarsaLambda(Envs.make("FrozenLake-v1"), TraceControlConfig.defaults(), 0L);
 * }</pre>
 */
public final class SarsaLambda extends TraceLearner {

    public SarsaLambda(Env<Integer, Integer> env, TraceControlConfig config, long seed) {
        super(env, config, seed);
    }

    @Override
    public String name() {
        return "sarsa-lambda";
    }

    @Override
    protected int learn(int s, int a, double r, int next, boolean terminated, boolean done, double progress) {
        int nextAction = EpsilonGreedy.act(q, next, config.epsilon().value(progress), rng);
        double delta = r + (terminated ? 0 : config.gamma() * q.get(next, nextAction)) - q.get(s, a);
        traces.visit(s, a, config.replacingTraces());
        traces.applyAndDecay(q, config.learningRate().value(progress) * delta, done ? 0 : config.gamma() * config.lambda());
        return nextAction;
    }
}
