package dev.reins.core.game;

import java.util.random.RandomGenerator;

/**
 * Someone who picks moves in a {@link Game}: a solver, an alpha-beta bot, an MCTS agent, a trained network, a person.
 *
 * <pre>{@code
 * GamePlayer<TicTacToe.Board> perfect = new Minimax<>(new TicTacToe());
 * int move = perfect.move(board, rng);
 * }</pre>
 */
@FunctionalInterface
public interface GamePlayer<S> {
    /** A legal move in {@code state} (which is not terminal); {@code rng} breaks ties and drives any sampling. */
    int move(S state, RandomGenerator rng);
}
