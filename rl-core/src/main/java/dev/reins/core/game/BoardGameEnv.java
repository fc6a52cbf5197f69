package dev.reins.core.game;

/**
 * An env in which the agent plays one side of a {@link BoardGame} against a fixed opponent. Algorithms that learn the
 * game itself rather than the env (AlphaZero's self-play) reach the game through it.
 *
 * <pre>{@code
 * if (env.unwrapped() instanceof BoardGameEnv<?> board) { BoardGame<?> game = board.game(); }
 * }</pre>
 */
public interface BoardGameEnv<S> {
    /** The game being played. */
    BoardGame<S> game();
}
