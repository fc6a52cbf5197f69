package dev.reins.algorithms;

import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.env.Env;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * How to make one algorithm by name: its config type and defaults, how it adapts an env (e.g. flattening a
 * MultiDiscrete observation for a Q-table), and its factory.
 *
 * @param name the name used on the command line, e.g. {@code q-learning}
 * @param family a grouping for listings, e.g. {@code tabular}
 * @param description one line for {@code reins algos}
 * @param configType the config record class
 * @param defaults the default config
 * @param defaultSteps the step budget used when none is given
 * @param envAdapter wraps a registry env into what the algorithm accepts (identity for most)
 * @param factory builds the algorithm on an adapted env
 * @param <C> config type
 */
public record AlgorithmSpec<C>(String name, String family, String description, Class<C> configType, Supplier<C> defaults,
        long defaultSteps, UnaryOperator<Env<?, ?>> envAdapter, Factory<C> factory) {

    /** Builds an algorithm. */
    @FunctionalInterface
    public interface Factory<C> {
        Algorithm<?, ?> create(Env<?, ?> env, C config, long seed);
    }

    /** The defaults overlaid with {@code overrides} (snake_case keys), validated. */
    public C config(com.fasterxml.jackson.databind.JsonNode overrides, String source) {
        return dev.reins.core.config.Configs.overlay(defaults.get(), overrides, configType, source);
    }

    /** Adapts {@code env} and builds the algorithm on it. */
    public Algorithm<?, ?> create(Env<?, ?> env, Object config, long seed) {
        return factory.create(envAdapter.apply(env), configType.cast(config), seed);
    }
}
