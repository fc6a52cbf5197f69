package dev.reins.core.env;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * How an env is registered: its Gymnasium id, its time limit, the return that counts as solving it, and the
 * options it was made with.
 *
 * @param id Gymnasium id, e.g. {@code "CartPole-v1"}
 * @param maxEpisodeSteps the registered time limit, empty when there is none
 * @param rewardThreshold mean return that counts as solved, empty when Gymnasium gives none
 * @param options the constructor options used
 */
public record EnvSpec(String id, OptionalInt maxEpisodeSteps, OptionalDouble rewardThreshold, Map<String, Object> options) {
    public EnvSpec {
        // Options may hold nulls ("unset", e.g. FrozenLake's desc), which Map.copyOf rejects.
        options = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(options));
    }
}
