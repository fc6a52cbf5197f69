package dev.reins.core.policy;

/**
 * The expected return from an observation, V(s).
 *
 * <pre>{@code
 * double v = critic.value(observation);
 * }</pre>
 */
@FunctionalInterface
public interface ValueFunction<O> {
    double value(O observation);
}
