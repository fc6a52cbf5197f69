package dev.reins.algorithms;

import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.env.Env;
import dev.reins.core.env.EnvFactory;
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

    /** Builds an algorithm from fresh envs made by {@code envs} (adapted by the spec's env adapter). */
    @FunctionalInterface
    public interface Factory<C> {
        Algorithm<?, ?> create(EnvFactory envs, C config, long seed);
    }

    /** The defaults overlaid with {@code overrides} (snake_case keys), validated. */
    public C config(com.fasterxml.jackson.databind.JsonNode overrides, String source) {
        return dev.reins.core.config.Configs.overlay(defaults.get(), overrides, configType, source);
    }

    /** Builds the algorithm on envs from {@code envs}; single envs it makes are adapted by {@link #envAdapter()}. */
    public Algorithm<?, ?> create(EnvFactory envs, Object config, long seed) {
        EnvFactory adapted = new Adapted(envs, envAdapter);
        return factory.create(adapted, configType.cast(config), seed);
    }

    /** {@code envs} with single envs adapted; vector envs are made as they are. */
    private static final class Adapted implements EnvFactory {
        private final EnvFactory envs;
        private final UnaryOperator<Env<?, ?>> adapter;

        Adapted(EnvFactory envs, UnaryOperator<Env<?, ?>> adapter) {
            this.envs = envs;
            this.adapter = adapter;
        }

        @Override
        public String id() {
            return envs.id();
        }

        @Override
        public Env<?, ?> single() {
            return adapter.apply(envs.single());
        }

        @Override
        public dev.reins.core.vector.VectorEnv<?> vector(int numEnvs, dev.reins.core.vector.AutoresetMode mode) {
            return envs.vector(numEnvs, mode);
        }

        /** What travels to a rollout worker is the underlying factory: workers make vector envs, which are not adapted. */
        private Object writeReplace() {
            return envs;
        }
    }
}
