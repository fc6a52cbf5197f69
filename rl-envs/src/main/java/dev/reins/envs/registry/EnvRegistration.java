package dev.reins.envs.registry;

import dev.reins.core.env.Env;
import dev.reins.core.env.EnvSpec;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * How to make one registered env.
 *
 * @param id Gymnasium id
 * @param description one line for {@code reins envs}
 * @param maxEpisodeSteps time limit applied by {@link Envs#make}, empty for none
 * @param rewardThreshold return that counts as solved, empty for none
 * @param defaultOptions every option with its default (null where unset means "use the env's default behaviour")
 * @param factory builds the unwrapped env from resolved options
 */
public record EnvRegistration(String id, String description, OptionalInt maxEpisodeSteps, OptionalDouble rewardThreshold,
        Map<String, Object> defaultOptions, Function<EnvOptions, Env<?, ?>> factory) {

    /** The spec of an env made with {@code options}. */
    public EnvSpec spec(EnvOptions options) {
        return new EnvSpec(id, maxEpisodeSteps, rewardThreshold, options.asMap());
    }
}
