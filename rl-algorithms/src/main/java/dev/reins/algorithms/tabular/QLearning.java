package dev.reins.algorithms.tabular;

import dev.reins.core.env.Env;

/**
 * Q-learning (Watkins, 1989), off-policy TD control: act ε-greedily, then
 * {@code Q(s,a) ← Q(s,a) + α [r + γ max_a' Q(s',a') − Q(s,a)]}, with no bootstrap after termination and a bootstrap
 * from {@code s'} after truncation.
 *
 * <pre>{@code
 * QLearning agent = new QLearning(Envs.make("CliffWalking-v1"), TdControlConfig.defaults(), 0L);
 * agent.learn(50_000, Callback.NONE);
 * }</pre>
 */
public final class QLearning extends TabularLearner {
    private final TdControlConfig config;

    public QLearning(Env<Integer, Integer> env, TdControlConfig config, long seed) {
        super(env, config.initialQ(), seed);
        this.config = config;
    }

    @Override
    public String name() {
        return "q-learning";
    }

    @Override
    protected int startEpisode(int state, double progress) {
        return EpsilonGreedy.act(q, state, config.epsilon().value(progress), rng);
    }

    @Override
    protected int learn(int s, int a, double r, int next, boolean terminated, boolean done, double progress) {
        double target = r + (terminated ? 0 : config.gamma() * q.max(next));
        q.add(s, a, config.learningRate().value(progress) * (target - q.get(s, a)));
        return EpsilonGreedy.act(q, next, config.epsilon().value(progress), rng);
    }
}
