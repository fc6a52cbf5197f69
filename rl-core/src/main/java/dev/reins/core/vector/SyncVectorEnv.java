package dev.reins.core.vector;

import dev.reins.core.env.Env;
import java.util.List;

/**
 * Steps its envs one after another on the calling thread: the fastest choice for cheap envs, where a thread
 * hand-off costs more than the step.
 *
 * <pre>{@code
 * VectorEnv<Integer> envs = new SyncVectorEnv<>(List.of(a, b, c, d), AutoresetMode.NEXT_STEP);
 * }</pre>
 */
public final class SyncVectorEnv<A> extends EnvListVectorEnv<A> {
    public SyncVectorEnv(List<Env<float[], A>> envs, AutoresetMode mode) {
        super(envs, mode);
    }
}
