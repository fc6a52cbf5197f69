package dev.reins.algorithms.tabular;

import dev.reins.core.env.Env;

/**
 * Watkins's Q(λ): Q-learning with eligibility traces that are cut whenever the behaviour policy takes a non-greedy
 * (exploratory) action, since the return after it no longer follows the greedy target policy.
 * {@code δ = r + γ max_a' Q(s',a') − Q(s,a)}; mark (s, a); {@code Q ← Q + α δ e}; {@code e ← γ λ e} if the next action
 * is greedy, else {@code e ← 0}.
 *
 * <pre>{@code
 * QLambda agent = new QLambda(Envs.make("CliffWalking-v1"), TraceControlConfig.defaults(), 0L);
 * }</pre>
 */
public final class QLambda extends TraceLearner {

    public QLambda(Env<Integer, Integer> env, TraceControlConfig config, long seed) {
        super(env, config, seed);
    }

    @Override
    public String name() {
        return "q-lambda";
    }

    @Override
    protected int learn(int s, int a, double r, int next, boolean terminated, boolean done, double progress) {
        int nextAction = EpsilonGreedy.act(q, next, config.epsilon().value(progress), rng);
        boolean greedy = q.get(next, nextAction) == q.max(next);
        double delta = r + (terminated ? 0 : config.gamma() * q.max(next)) - q.get(s, a);
        traces.visit(s, a, config.replacingTraces());
        double decay = done || !greedy ? 0 : config.gamma() * config.lambda();
        traces.applyAndDecay(q, config.learningRate().value(progress) * delta, decay);
        return nextAction;
    }
}
