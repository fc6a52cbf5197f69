package dev.reins.envs.games;

import dev.reins.core.game.BoardGame;
import dev.reins.core.game.Game;
import java.util.ArrayList;
import java.util.List;

/**
 * Connect Four on 6 rows × 7 columns; a move is a column 0–6, the stone falls to the lowest free row; four in a row
 * (horizontal, vertical or diagonal) wins; a full board is a draw. X (player 0) moves first. Boards are bitboards: bit
 * {@code 7·column + row} (row 0 at the bottom; the seventh bit of each column stays empty so lines cannot wrap).
 *
 * <pre>{@code
 * ConnectFour game = new ConnectFour();
 * ConnectFour.Board b = game.play(game.initialState(), 3);
 * }</pre>
 */
public final class ConnectFour implements BoardGame<ConnectFour.Board> {
    public static final int ROWS = 6;
    public static final int COLUMNS = 7;
    private static final int HEIGHT = ROWS + 1;

    /** Player 0's and player 1's stones, and the number of moves made. */
    public record Board(long first, long second, int moves) {
        long occupied() {
            return first | second;
        }

        /** 'X', 'O' or '.' at (row, column), row 0 at the bottom. */
        public char at(int row, int column) {
            long bit = 1L << (column * HEIGHT + row);
            return (first & bit) != 0 ? 'X' : (second & bit) != 0 ? 'O' : '.';
        }
    }

    @Override
    public String name() {
        return "ConnectFour-v0";
    }

    @Override
    public int actionCount() {
        return COLUMNS;
    }

    @Override
    public Board initialState() {
        return new Board(0L, 0L, 0);
    }

    @Override
    public int playerToMove(Board b) {
        return b.moves() % 2;
    }

    private static long bottom(int column) {
        return 1L << (column * HEIGHT);
    }

    private static long top(int column) {
        return 1L << (column * HEIGHT + ROWS - 1);
    }

    @Override
    public List<Integer> legalActions(Board b) {
        List<Integer> out = new ArrayList<>(COLUMNS);
        if (isTerminal(b)) {
            return out;
        }
        for (int c = 0; c < COLUMNS; c++) {
            if ((b.occupied() & top(c)) == 0) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public boolean isTerminal(Board b) {
        return b.moves() == ROWS * COLUMNS || wins(b.first()) || wins(b.second());
    }

    @Override
    public double outcome(Board b, int player) {
        if (wins(b.first())) {
            return player == 0 ? 1 : -1;
        }
        if (wins(b.second())) {
            return player == 1 ? 1 : -1;
        }
        return 0;
    }

    @Override
    public Board play(Board b, int column) {
        if (column < 0 || column >= COLUMNS || (b.occupied() & top(column)) != 0 || isTerminal(b)) {
            throw Game.illegalMove(name(), column, legalActions(b));
        }
        long occupied = b.occupied();
        long stone = (occupied + bottom(column)) & ~occupied & columnMask(column);
        return playerToMove(b) == 0 ? new Board(b.first() | stone, b.second(), b.moves() + 1)
                : new Board(b.first(), b.second() | stone, b.moves() + 1);
    }

    private static long columnMask(int column) {
        return ((1L << ROWS) - 1) << (column * HEIGHT);
    }

    /** Whether the stones {@code p} hold four in a line (vertical 1, horizontal 7, the diagonals 6 and 8). */
    static boolean wins(long p) {
        for (int d : new int[] {1, HEIGHT, HEIGHT - 1, HEIGHT + 1}) {
            long pairs = p & (p >>> d);
            if ((pairs & (pairs >>> (2 * d))) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The row the next stone in {@code column} would land on (ROWS when full). */
    public static int height(Board b, int column) {
        return Long.bitCount(b.occupied() & columnMask(column));
    }

    @Override
    public int cellCount() {
        return ROWS * COLUMNS;
    }

    /** The board from {@code player}'s side, cell {@code row · 7 + column} with row 0 at the bottom. */
    @Override
    public int[] cells(Board b, int player) {
        int[] out = new int[ROWS * COLUMNS];
        long own = player == 0 ? b.first() : b.second();
        long other = player == 0 ? b.second() : b.first();
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                long bit = 1L << (c * HEIGHT + r);
                out[r * COLUMNS + c] = (own & bit) != 0 ? 1 : (other & bit) != 0 ? 2 : 0;
            }
        }
        return out;
    }

    @Override
    public Board fromCells(int[] cells) {
        if (cells.length != ROWS * COLUMNS) {
            throw new IllegalArgumentException(name() + ": a board has " + ROWS * COLUMNS + " cells, got " + cells.length);
        }
        long mine = 0;
        long theirs = 0;
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                int v = cells[r * COLUMNS + c];
                long bit = 1L << (c * HEIGHT + r);
                if (v < 0 || v > 2) {
                    throw new IllegalArgumentException(name() + ": cell " + (r * COLUMNS + c) + " is " + v + "; cells are 0, 1 or 2");
                }
                if (v != 0 && r > 0 && cells[(r - 1) * COLUMNS + c] == 0) {
                    throw new IllegalArgumentException(name() + ": the stone in row " + r + ", column " + c + " floats above an empty cell");
                }
                mine |= v == 1 ? bit : 0;
                theirs |= v == 2 ? bit : 0;
            }
        }
        int m = Long.bitCount(mine);
        int t = Long.bitCount(theirs);
        if (m != t && m + 1 != t) {
            throw new IllegalArgumentException(name() + ": the player to move has " + m + " stones and the other " + t
                    + "; a reachable position has as many, or one fewer");
        }
        return m == t ? new Board(mine, theirs, m + t) : new Board(theirs, mine, m + t);
    }

    /** Two planes: the empty cells where a stone of the player to move, then of the opponent, would complete four. */
    @Override
    public int featurePlanes() {
        return 2;
    }

    @Override
    public void features(int[] cells, double[] out, int offset) {
        long own = 0;
        long other = 0;
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                long bit = 1L << (c * HEIGHT + r);
                int v = cells[r * COLUMNS + c];
                own |= v == 1 ? bit : 0;
                other |= v == 2 ? bit : 0;
            }
        }
        long occupied = own | other;
        long mine = threats(own, occupied);
        long theirs = threats(other, occupied);
        int n = ROWS * COLUMNS;
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                long bit = 1L << (c * HEIGHT + r);
                out[offset + r * COLUMNS + c] = (mine & bit) != 0 ? 1 : 0;
                out[offset + n + r * COLUMNS + c] = (theirs & bit) != 0 ? 1 : 0;
            }
        }
    }

    /**
     * The empty cells (playable now or later) where a stone would give {@code p} four in a line: for each direction, the
     * cell with three of {@code p}'s stones on one side, or two on one side and one on the other. The empty top bit of
     * each column keeps lines from wrapping between columns.
     */
    static long threats(long p, long occupied) {
        long found = (p << 1) & (p << 2) & (p << 3); // vertical: three stones below
        for (int d : new int[] {HEIGHT, HEIGHT - 1, HEIGHT + 1}) {
            long before = (p << d) & (p << 2 * d);
            found |= before & (p << 3 * d);
            found |= before & (p >>> d);
            long after = (p >>> d) & (p >>> 2 * d);
            found |= after & (p << d);
            found |= after & (p >>> 3 * d);
        }
        return found & BOARD & ~occupied;
    }

    private static final long BOARD;

    static {
        long mask = 0;
        for (int c = 0; c < COLUMNS; c++) {
            mask |= columnMask(c);
        }
        BOARD = mask;
    }

    /** The left–right mirror. */
    @Override
    public List<Symmetry> symmetries() {
        int[] cellMap = new int[ROWS * COLUMNS];
        int[] actionMap = new int[COLUMNS];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                cellMap[r * COLUMNS + c] = r * COLUMNS + (COLUMNS - 1 - c);
            }
        }
        for (int c = 0; c < COLUMNS; c++) {
            actionMap[c] = COLUMNS - 1 - c;
        }
        return List.of(new Symmetry(cellMap, actionMap));
    }

    @Override
    public String render(Board b) {
        StringBuilder s = new StringBuilder();
        for (int r = ROWS - 1; r >= 0; r--) {
            for (int c = 0; c < COLUMNS; c++) {
                s.append(c == 0 ? "" : " ").append(b.at(r, c));
            }
            s.append('\n');
        }
        for (int c = 0; c < COLUMNS; c++) {
            s.append(c == 0 ? "" : " ").append(c);
        }
        return s.append('\n').toString();
    }
}
