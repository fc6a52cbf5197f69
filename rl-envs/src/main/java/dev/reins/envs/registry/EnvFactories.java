package dev.reins.envs.registry;

import dev.reins.core.env.Env;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.VectorEnv;
import java.util.Map;

/** {@link EnvFactory} over the registry: {@link Envs#make} and {@link VectorEnvs#make} with fixed options. */
public final class EnvFactories {
    private EnvFactories() {}

    /** A factory for {@code id} with {@code options}; both are validated now, by making one env. */
    public static EnvFactory of(String id, Map<String, ?> options) {
        Envs.make(id, options);
        String canonical = Envs.registration(id).id();
        Map<String, ?> frozen = Map.copyOf(options);
        return new EnvFactory() {
            @Override
            public String id() {
                return canonical;
            }

            @Override
            public Env<?, ?> single() {
                return Envs.make(canonical, frozen);
            }

            @Override
            public VectorEnv<?> vector(int numEnvs, AutoresetMode mode) {
                return VectorEnvs.make(canonical, numEnvs, mode, frozen);
            }
        };
    }
}
