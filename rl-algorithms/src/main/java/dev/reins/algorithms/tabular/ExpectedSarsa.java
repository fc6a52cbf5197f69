package dev.reins.algorithms.tabular;

import dev.reins.core.env.Env;

/**
 * Expected SARSA (van Seijen et al., 2009): the SARSA target with the next action averaged out under the ε-greedy
 * policy, {@code r + γ Σ_a' π(a'|s') Q(s',a')}, which removes the variance of sampling {@code a'}.
 *
 * <pre>{@code
 * ExpectedSarsa agent = new ExpectedSarsa(Envs.make("Taxi-v4"), TdControlConfig.defaults(), 0L);
 * }</pre>
 */
public final class ExpectedSarsa extends TabularLearner {
    private final TdControlConfig config;

    public ExpectedSarsa(Env<Integer, Integer> env, TdControlConfig config, long seed) {
        super(env, config.initialQ(), seed);
        this.config = config;
    }

    @Override
    public String name() {
        return "expected-sarsa";
    }

    @Override
    protected int startEpisode(int state, double progress) {
        return EpsilonGreedy.act(q, state, config.epsilon().value(progress), rng);
    }

    @Override
    protected int learn(int s, int a, double r, int next, boolean terminated, boolean done, double progress) {
        double epsilon = config.epsilon().value(progress);
        double expected = 0;
        if (!terminated) {
            for (int b = 0; b < q.numActions(); b++) {
                expected += EpsilonGreedy.probability(q, next, b, epsilon) * q.get(next, b);
            }
        }
        double target = r + config.gamma() * expected;
        q.add(s, a, config.learningRate().value(progress) * (target - q.get(s, a)));
        return EpsilonGreedy.act(q, next, epsilon, rng);
    }
}
