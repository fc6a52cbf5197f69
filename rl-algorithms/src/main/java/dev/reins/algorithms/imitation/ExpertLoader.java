package dev.reins.algorithms.imitation;

import dev.reins.core.policy.Policy;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Turns a trained run folder into the expert policy DAgger queries. Run folders are a format of the command line
 * ({@code benchmarks}), which provides the implementation through {@link ServiceLoader}; a library user gives
 * {@link Dagger} any {@link Policy} instead.
 *
 * <pre>{@code
 * Policy<Object, Object> expert = ExpertLoader.load(Path.of("runs/ppo-CartPole-v1-seed0"), "CartPole-v1");
 * }</pre>
 */
public interface ExpertLoader {

    /**
     * The deterministic policy trained in {@code runDir}, which must have been trained on {@code envId}.
     *
     * @throws IllegalArgumentException if it is not a run folder or was trained on another env
     */
    Policy<Object, Object> loadExpert(Path runDir, String envId);

    /** Loads {@code runDir} with the first {@link ExpertLoader} on the class path. */
    static Policy<Object, Object> load(Path runDir, String envId) {
        for (ExpertLoader loader : ServiceLoader.load(ExpertLoader.class)) {
            return loader.loadExpert(runDir, envId);
        }
        throw new IllegalStateException("no ExpertLoader on the class path to read run folders; pass the expert as a Policy to "
                + "new Dagger(...) instead");
    }
}
