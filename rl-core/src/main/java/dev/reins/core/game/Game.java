package dev.reins.core.game;

import dev.reins.core.mdp.ForwardModel;
import dev.reins.core.mdp.ModelStep;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A turn-based two-player zero-sum game with a fixed start, discrete moves {@code 0 .. actionCount − 1} and immutable
 * states: whose turn it is ({@link #playerToMove}, 0 or 1), the legal moves, the state after a move, and at the end
 * each player's outcome (+1 win, 0 draw, −1 loss). As a {@link ForwardModel} a move's reward is the mover's outcome
 * when the move ends the game and 0 otherwise, so planners written for forward models play games too.
 *
 * <pre>{@code
 * Game<TicTacToe.Board> game = new TicTacToe();
 * TicTacToe.Board b = game.play(game.initialState(), 4);   // X takes the centre
 * List<Integer> moves = game.legalActions(b);
 * }</pre>
 *
 * @param <S> state type (immutable; equal states are equal objects)
 */
public interface Game<S> extends ForwardModel<S, Integer> {
    /** The game's name, e.g. {@code TicTacToe-v0}. */
    String name();

    /** Moves are {@code 0 .. actionCount() − 1} (cells, columns). */
    int actionCount();

    /** The start position. */
    S initialState();

    @Override
    default S initialState(RandomGenerator rng) {
        return initialState();
    }

    /** 0 or 1. */
    @Override
    int playerToMove(S state);

    /** Legal moves in increasing order; empty exactly when the game is over. */
    @Override
    List<Integer> legalActions(S state);

    boolean isTerminal(S state);

    /** +1, 0 or −1 for {@code player} in a finished game. */
    double outcome(S state, int player);

    /** The state after {@code action}; an illegal move fails naming the legal ones. */
    S play(S state, int action);

    /** A text picture of the position. */
    String render(S state);

    @Override
    default ModelStep<S> step(S state, Integer action, RandomGenerator rng) {
        int mover = playerToMove(state);
        S next = play(state, action);
        boolean end = isTerminal(next);
        return new ModelStep<>(next, end ? outcome(next, mover) : 0.0, end);
    }

    /** The error for an illegal move: one line with the move and the legal ones. */
    static IllegalArgumentException illegalMove(String game, int action, List<Integer> legal) {
        return new IllegalArgumentException(game + ": move " + action + " is not legal here; legal moves are " + legal);
    }
}
