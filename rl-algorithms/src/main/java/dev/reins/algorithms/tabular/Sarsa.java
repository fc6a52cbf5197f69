package dev.reins.algorithms.tabular;

import dev.reins.core.env.Env;

/**
 * SARSA (Rummery &amp; Niranjan, 1994), on-policy TD control: choose {@code a'} ε-greedily in {@code s'}, then
 * {@code Q(s,a) ← Q(s,a) + α [r + γ Q(s',a') − Q(s,a)]}. It learns the value of the exploring policy, which is why it
 * keeps away from CliffWalking's edge.
 *
 * <pre>{@code
 * Sarsa agent = new Sarsa(Envs.make("CliffWalking-v1"), TdControlConfig.defaults(), 0L);
 * }</pre>
 */
public final class Sarsa extends TabularLearner {
    private final TdControlConfig config;

    public Sarsa(Env<Integer, Integer> env, TdControlConfig config, long seed) {
        super(env, config.initialQ(), seed);
        this.config = config;
    }

    @Override
    public String name() {
        return "sarsa";
    }

    @Override
    protected int startEpisode(int state, double progress) {
        return EpsilonGreedy.act(q, state, config.epsilon().value(progress), rng);
    }

    @Override
    protected int learn(int s, int a, double r, int next, boolean terminated, boolean done, double progress) {
        int nextAction = EpsilonGreedy.act(q, next, config.epsilon().value(progress), rng);
        double target = r + (terminated ? 0 : config.gamma() * q.get(next, nextAction));
        q.add(s, a, config.learningRate().value(progress) * (target - q.get(s, a)));
        return nextAction;
    }
}
