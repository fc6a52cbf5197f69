package dev.reins.algorithms.tabular;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.Env;
import java.util.Arrays;

/**
 * First-visit on-policy Monte Carlo control with an ε-soft policy (Sutton &amp; Barto, §5.4): play an episode, then
 * for each (s, a) at its first visit average the return that followed into Q(s, a). A truncated episode's returns
 * are bootstrapped from {@code max_a Q(s_T, a)} of its final state rather than treated as if the episode had ended.
 *
 * <pre>{@code
 * MonteCarloControl agent = new MonteCarloControl(blackjack, MonteCarloConfig.defaults(), 0L);
 * }</pre>
 */
public final class MonteCarloControl extends TabularLearner {
    private final MonteCarloConfig config;
    private final long[] visits;
    private int[] states = new int[64];
    private int[] actions = new int[64];
    private double[] rewards = new double[64];
    private int length;

    public MonteCarloControl(Env<Integer, Integer> env, MonteCarloConfig config, long seed) {
        super(env, config.initialQ(), seed);
        this.config = config;
        this.visits = new long[q.numStates() * q.numActions()];
    }

    @Override
    public String name() {
        return "monte-carlo";
    }

    @Override
    protected int startEpisode(int state, double progress) {
        length = 0;
        return EpsilonGreedy.act(q, state, config.epsilon().value(progress), rng);
    }

    @Override
    protected int learn(int s, int a, double r, int next, boolean terminated, boolean done, double progress) {
        record(s, a, r);
        if (done) {
            double bootstrap = terminated ? 0 : q.max(next);
            updateFromEpisode(bootstrap);
            length = 0;
        }
        return EpsilonGreedy.act(q, next, config.epsilon().value(progress), rng);
    }

    private void record(int s, int a, double r) {
        if (length == states.length) {
            states = Arrays.copyOf(states, length * 2);
            actions = Arrays.copyOf(actions, length * 2);
            rewards = Arrays.copyOf(rewards, length * 2);
        }
        states[length] = s;
        actions[length] = a;
        rewards[length] = r;
        length++;
    }

    private void updateFromEpisode(double bootstrap) {
        // First visits: the earliest index of each (s, a) in the episode.
        int numActions = q.numActions();
        java.util.Map<Integer, Integer> firstVisit = new java.util.HashMap<>();
        for (int t = 0; t < length; t++) {
            firstVisit.putIfAbsent(states[t] * numActions + actions[t], t);
        }
        double g = bootstrap;
        for (int t = length - 1; t >= 0; t--) {
            g = rewards[t] + config.gamma() * g;
            int k = states[t] * numActions + actions[t];
            if (firstVisit.get(k) == t) {
                visits[k]++;
                q.add(states[t], actions[t], (g - q.get(states[t], actions[t])) / visits[k]);
            }
        }
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        super.save(out, prefix);
        out.putLongs(prefix + "visits", visits);
        out.putInts(prefix + "episode_states", Arrays.copyOf(states, length));
        out.putInts(prefix + "episode_actions", Arrays.copyOf(actions, length));
        out.putDoubles(prefix + "episode_rewards", Arrays.copyOf(rewards, length));
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        super.load(in, prefix);
        System.arraycopy(in.longs(prefix + "visits", visits.length), 0, visits, 0, visits.length);
        int[] s = in.ints(prefix + "episode_states");
        length = s.length;
        states = Arrays.copyOf(s, Math.max(64, length));
        actions = Arrays.copyOf(in.ints(prefix + "episode_actions", length), Math.max(64, length));
        rewards = Arrays.copyOf(in.doubles(prefix + "episode_rewards", length), Math.max(64, length));
    }
}
