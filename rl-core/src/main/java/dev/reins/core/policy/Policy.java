package dev.reins.core.policy;

/**
 * Chooses an action for an observation. {@link #act} is the deterministic choice used for evaluation (the greedy
 * action, or a stochastic policy's mode).
 *
 * <pre>{@code
 * Policy<Integer, Integer> greedy = obs -> argmax(q[obs]);
 * int action = greedy.act(observation);
 * }</pre>
 *
 * @param <O> observation type
 * @param <A> action type
 */
@FunctionalInterface
public interface Policy<O, A> {
    /** The deterministic action for {@code observation}. */
    A act(O observation);
}
