package dev.reins.core.env;

import dev.reins.core.space.Space;

/**
 * A reinforcement-learning environment with Gymnasium's contract.
 *
 * <ul>
 *   <li>{@link #reset(long)} seeds the env's random generator and starts an episode; {@link #reset()} starts one
 *       continuing the generator's stream.
 *   <li>{@link #step} returns the next observation, the reward, and two distinct end flags: {@code terminated}
 *       (the MDP reached a terminal state — do not bootstrap) and {@code truncated} (stopped from outside, e.g. a
 *       time limit — bootstrap from the value of the returned observation).
 *   <li>Stepping before the first reset or after the episode ended throws {@link IllegalStateException}; an action
 *       outside {@link #actionSpace()} throws {@link IllegalArgumentException}; both messages name the env, the
 *       action and the space.
 * </ul>
 *
 * <pre>{@code
 * Env<Integer, Integer> env = Envs.make("FrozenLake-v1");
 * int obs = env.reset(42).observation();
 * StepResult<Integer> r;
 * do {
 *     r = env.step(env.actionSpace().sample(rng));
 * } while (!r.done());
 * }</pre>
 *
 * @param <O> observation type ({@code Integer}, {@code float[]} or {@code int[]})
 * @param <A> action type ({@code Integer} for discrete, {@code float[]} for continuous)
 */
public interface Env<O, A> extends AutoCloseable {

    /** The space every observation belongs to. */
    Space<O> observationSpace();

    /** The space of valid actions. */
    Space<A> actionSpace();

    /** Seeds the env's generator with {@code seed} and starts a new episode. */
    ResetResult<O> reset(long seed);

    /** Starts a new episode, continuing the generator's stream (seeded from the clock if never seeded). */
    ResetResult<O> reset();

    /** Applies {@code action} and advances one step. */
    StepResult<O> step(A action);

    /** A name for messages and logs: the registered id where there is one (e.g. {@code CartPole-v1}). */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The innermost env beneath any wrappers (this env if it is not a wrapper). */
    default Env<?, ?> unwrapped() {
        return this;
    }

    /** Releases resources (threads, windows). Idempotent. */
    @Override
    default void close() {}
}
