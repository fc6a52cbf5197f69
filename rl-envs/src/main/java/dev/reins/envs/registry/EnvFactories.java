package dev.reins.envs.registry;

import dev.reins.core.env.Env;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.VectorEnv;
import java.util.Map;

/** {@link EnvFactory} over the registry: {@link Envs#make} and {@link VectorEnvs#make} with fixed options. */
public final class EnvFactories {
    private EnvFactories() {}

    /**
     * A factory for {@code id} with {@code options}; both are validated now, by making one env. Serializable (an id and
     * options), so a rollout worker on another JVM makes the same envs.
     */
    public static EnvFactory of(String id, Map<String, ?> options) {
        Envs.make(id, options);
        return new Registered(Envs.registration(id).id(), Map.copyOf(options));
    }

    /** The registry's env {@code id} with {@code options}. */
    private record Registered(String id, Map<String, ?> options) implements EnvFactory {
        @Override
        public Env<?, ?> single() {
            return Envs.make(id, options);
        }

        @Override
        public VectorEnv<?> vector(int numEnvs, AutoresetMode mode) {
            return VectorEnvs.make(id, numEnvs, mode, options);
        }
    }
}
