package dev.reins.core.env;

import java.util.Map;

/**
 * What one {@link Env#step} returns.
 *
 * @param observation the observation after the step (on truncation: the final observation, to bootstrap from)
 * @param reward the reward for the transition
 * @param terminated the episode reached a terminal state of the MDP: its value is zero, do not bootstrap
 * @param truncated the episode was cut short from outside (a time limit): bootstrap from {@code observation}
 * @param info extra diagnostics, never needed to learn (e.g. {@code "episode"} statistics)
 * @param <O> observation type
 */
public record StepResult<O>(O observation, double reward, boolean terminated, boolean truncated, Map<String, Object> info) {

    /** A result with no info. */
    public StepResult(O observation, double reward, boolean terminated, boolean truncated) {
        this(observation, reward, terminated, truncated, Map.of());
    }

    /** Whether the episode ended either way; the env must be reset before the next step. */
    public boolean done() {
        return terminated || truncated;
    }

    /** The same result with a different reward (used by reward wrappers). */
    public StepResult<O> withReward(double newReward) {
        return new StepResult<>(observation, newReward, terminated, truncated, info);
    }

    /** The same result with a different observation (used by observation wrappers). */
    public <P> StepResult<P> withObservation(P newObservation) {
        return new StepResult<>(newObservation, reward, terminated, truncated, info);
    }
}
