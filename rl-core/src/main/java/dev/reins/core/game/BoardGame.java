package dev.reins.core.game;

import java.util.List;

/**
 * A {@link Game} played on a fixed grid of cells, which a learner can see as numbers: the board from one player's side
 * ({@link #cells}), the position back from such a picture ({@link #fromCells}), and the board's symmetries (positions a
 * reflection or rotation maps onto each other have mirrored values and policies — free training data for AlphaZero).
 *
 * <pre>{@code
 * BoardGame<ConnectFour.Board> game = new ConnectFour();
 * int[] mine = game.cells(board, game.playerToMove(board));   // 0 empty, 1 the mover's, 2 the other's
 * ConnectFour.Board same = game.fromCells(mine);
 * }</pre>
 *
 * @param <S> state type
 */
public interface BoardGame<S> extends Game<S> {
    /** Cells of the board (9 for tic-tac-toe, 42 for Connect Four). */
    int cellCount();

    /** The board from {@code player}'s side, one entry per cell: 0 empty, 1 the player's stone, 2 the opponent's. */
    int[] cells(S state, int player);

    /**
     * The position shown by {@code cells} as seen by the player to move (1 = that player's stones), which is the
     * player with fewer stones, or the first player when both have as many. A picture no game can reach fails naming
     * what is wrong.
     */
    S fromCells(int[] cells);

    /**
     * Planes of board features a network may take besides the stones (none by default), e.g. Connect Four's threats.
     * They are computed from the cells alone, so a board's symmetry maps them as it maps the stones.
     */
    default int featurePlanes() {
        return 0;
    }

    /** Writes the {@link #featurePlanes} planes of {@code cells} (seen by the player to move), one value per cell each. */
    default void features(int[] cells, double[] out, int offset) {}

    /** The board's symmetries other than the identity (none by default). */
    default List<Symmetry> symmetries() {
        return List.of();
    }

    /**
     * A symmetry of the board: cell {@code i} moves to {@code cells[i]} and move {@code a} becomes {@code actions[a]}, so
     * the image of a position has the same value and the mapped policy.
     */
    record Symmetry(int[] cells, int[] actions) {
        /** {@code board}'s cells moved by this symmetry. */
        public int[] applyToCells(int[] board) {
            int[] out = new int[board.length];
            for (int i = 0; i < board.length; i++) {
                out[cells[i]] = board[i];
            }
            return out;
        }

        /** A distribution over moves, moved by this symmetry. */
        public double[] applyToActions(double[] policy) {
            double[] out = new double[policy.length];
            for (int a = 0; a < policy.length; a++) {
                out[actions[a]] = policy[a];
            }
            return out;
        }
    }
}
