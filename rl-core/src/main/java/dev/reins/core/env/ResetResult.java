package dev.reins.core.env;

import java.util.Map;

/**
 * What {@link Env#reset} returns: the first observation of the episode and diagnostics.
 *
 * @param observation the initial observation
 * @param info extra diagnostics
 * @param <O> observation type
 */
public record ResetResult<O>(O observation, Map<String, Object> info) {

    /** A result with no info. */
    public ResetResult(O observation) {
        this(observation, Map.of());
    }

    /** The same result with a different observation (used by observation wrappers). */
    public <P> ResetResult<P> withObservation(P newObservation) {
        return new ResetResult<>(newObservation, info);
    }
}
