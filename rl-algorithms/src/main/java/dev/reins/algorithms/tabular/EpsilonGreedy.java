package dev.reins.algorithms.tabular;

import java.util.random.RandomGenerator;

/**
 * The ε-greedy behaviour policy over a {@link QTable}: a uniformly random action with probability ε, otherwise a
 * greedy one (ties broken at random so equal initial values do not bias exploration).
 */
final class EpsilonGreedy {
    private EpsilonGreedy() {}

    static int act(QTable q, int state, double epsilon, RandomGenerator rng) {
        if (rng.nextDouble() < epsilon) {
            return rng.nextInt(q.numActions());
        }
        return q.greedyActionRandomTies(state, rng);
    }

    /** π(a | s) of the ε-greedy policy: ε/|A| everywhere plus (1 − ε) shared among the greedy ties. */
    static double probability(QTable q, int state, int action, double epsilon) {
        double p = epsilon / q.numActions();
        if (q.get(state, action) == q.max(state)) {
            p += (1 - epsilon) / q.countGreedy(state);
        }
        return p;
    }
}
