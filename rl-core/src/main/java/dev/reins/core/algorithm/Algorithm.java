package dev.reins.core.algorithm;

import dev.reins.core.callback.Callback;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.policy.Policy;

/**
 * A learning algorithm bound to its env(s) and configuration. Like SB3's {@code learn}, {@link #learn} trains until
 * {@code totalSteps} env steps have been taken <em>in total</em>, so a run restored from a checkpoint taken at step N
 * and asked for the same total continues exactly where the uninterrupted run would be; schedules use
 * {@code progress = steps / totalSteps}.
 *
 * <pre>{@code
 * Algorithm<Integer, Integer> agent = new QLearning(env, QLearningConfig.defaults(), 0L);
 * agent.learn(100_000, Callback.NONE);
 * int action = agent.policy().act(observation);
 * }</pre>
 *
 * @param <O> observation type
 * @param <A> action type
 */
public interface Algorithm<O, A> extends Checkpointable {

    /** The registered name, e.g. {@code q-learning}. */
    String name();

    /** Trains until {@code stepsDone() == totalSteps} or a callback asks to stop. */
    void learn(long totalSteps, Callback callback);

    /** Env steps taken so far. */
    long stepsDone();

    /** The current deterministic (greedy / mode) policy, for evaluation. */
    Policy<O, A> policy();

    /**
     * The policy as it behaves in training — actions sampled with {@code rng} — for recording stochastic
     * demonstrations; empty when the algorithm has only its deterministic {@link #policy()}.
     */
    default java.util.Optional<Policy<O, A>> samplingPolicy(java.util.random.RandomGenerator rng) {
        return java.util.Optional.empty();
    }

    /** The names of the diagnostics this algorithm reports through {@code Callback.onUpdate}, for metrics columns. */
    default java.util.List<String> metricNames() {
        return java.util.List.of();
    }
}
