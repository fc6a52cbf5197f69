package dev.reins.algorithms.dqn;

/**
 * The bootstrapped TD target shared by value-based and actor-critic methods: {@code y = r + γ^k · (1 − terminated) · V'}
 * where {@code γ^k} is the transition's own discount (γ for one step, γ^n for an n-step transition).
 */
public final class TdTarget {
    private TdTarget() {}

    public static double of(double reward, double discount, boolean terminated, double nextValue) {
        return reward + (terminated ? 0 : discount * nextValue);
    }

    /**
     * DQN's next-state value for row {@code r} of a batch: the target network's value of the action the
     * {@code chooser} network ranks highest. With {@code chooser} = the target network this is max_a Q_target(s', a)
     * (DQN); with the online network it is Double DQN's Q_target(s', argmax_a Q_online(s', a)). Ties go to the
     * lowest action.
     */
    public static double nextValue(double[] chooser, double[] evaluator, int r, int actions) {
        return evaluator[r * actions + dev.reins.core.policy.QFunction.argmax(chooser, r * actions, actions)];
    }
}
