package dev.reins.envs.games;

import dev.reins.core.game.BoardGame;
import dev.reins.core.game.Game;
import java.util.ArrayList;
import java.util.List;

/**
 * Tic-tac-toe on a 3 × 3 board; moves are cells 0–8 row by row, X (player 0) moves first.
 *
 * <pre>{@code
 * TicTacToe game = new TicTacToe();
 * TicTacToe.Board b = game.play(game.initialState(), 4);
 * System.out.println(game.render(b));
 * }</pre>
 */
public final class TicTacToe implements BoardGame<TicTacToe.Board> {
    private static final int[][] LINES = {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {0, 3, 6}, {1, 4, 7}, {2, 5, 8}, {0, 4, 8}, {2, 4, 6}};

    /** Cells as 'X', 'O' or '.', row by row. */
    public record Board(String cells) {
        public Board {
            if (cells.length() != 9 || !cells.matches("[XO.]{9}")) {
                throw new IllegalArgumentException("a tic-tac-toe board is 9 cells of X, O or ., got \"" + cells + "\"");
            }
        }

        public char at(int cell) {
            return cells.charAt(cell);
        }
    }

    @Override
    public String name() {
        return "TicTacToe-v0";
    }

    @Override
    public int actionCount() {
        return 9;
    }

    @Override
    public Board initialState() {
        return new Board(".........");
    }

    @Override
    public int playerToMove(Board b) {
        long x = b.cells().chars().filter(c -> c == 'X').count();
        long o = b.cells().chars().filter(c -> c == 'O').count();
        return x == o ? 0 : 1;
    }

    @Override
    public List<Integer> legalActions(Board b) {
        List<Integer> out = new ArrayList<>(9);
        if (winner(b) != 0) {
            return out;
        }
        for (int i = 0; i < 9; i++) {
            if (b.at(i) == '.') {
                out.add(i);
            }
        }
        return out;
    }

    @Override
    public boolean isTerminal(Board b) {
        return winner(b) != 0 || b.cells().indexOf('.') < 0;
    }

    @Override
    public double outcome(Board b, int player) {
        char w = winner(b);
        if (w == 0) {
            return 0;
        }
        return (w == 'X') == (player == 0) ? 1 : -1;
    }

    @Override
    public Board play(Board b, int action) {
        if (action < 0 || action >= 9 || b.at(action) != '.' || winner(b) != 0) {
            throw Game.illegalMove(name(), action, legalActions(b));
        }
        char[] cells = b.cells().toCharArray();
        cells[action] = playerToMove(b) == 0 ? 'X' : 'O';
        return new Board(new String(cells));
    }

    /** 'X' or 'O' when a line is complete, 0 otherwise. */
    static char winner(Board b) {
        for (int[] line : LINES) {
            char c = b.at(line[0]);
            if (c != '.' && c == b.at(line[1]) && c == b.at(line[2])) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public int cellCount() {
        return 9;
    }

    /** The board from {@code player}'s side, cell by cell (row by row). */
    @Override
    public int[] cells(Board b, int player) {
        int[] out = new int[9];
        char own = player == 0 ? 'X' : 'O';
        for (int i = 0; i < 9; i++) {
            out[i] = b.at(i) == '.' ? 0 : b.at(i) == own ? 1 : 2;
        }
        return out;
    }

    @Override
    public Board fromCells(int[] cells) {
        if (cells.length != 9) {
            throw new IllegalArgumentException(name() + ": a board has 9 cells, got " + cells.length);
        }
        int mine = 0;
        int theirs = 0;
        for (int i = 0; i < 9; i++) {
            if (cells[i] < 0 || cells[i] > 2) {
                throw new IllegalArgumentException(name() + ": cell " + i + " is " + cells[i] + "; cells are 0, 1 or 2");
            }
            mine += cells[i] == 1 ? 1 : 0;
            theirs += cells[i] == 2 ? 1 : 0;
        }
        if (mine != theirs && mine + 1 != theirs) {
            throw new IllegalArgumentException(name() + ": the player to move has " + mine + " marks and the other " + theirs
                    + "; a reachable position has as many, or one fewer");
        }
        char own = mine == theirs ? 'X' : 'O';
        char other = own == 'X' ? 'O' : 'X';
        char[] text = new char[9];
        for (int i = 0; i < 9; i++) {
            text[i] = cells[i] == 0 ? '.' : cells[i] == 1 ? own : other;
        }
        return new Board(new String(text));
    }

    /** The seven rotations and reflections of the square. */
    @Override
    public List<Symmetry> symmetries() {
        List<Symmetry> out = new ArrayList<>();
        for (int k = 1; k < 8; k++) {
            int[] map = new int[9];
            for (int i = 0; i < 9; i++) {
                int r = i / 3;
                int c = i % 3;
                for (int t = 0; t < k % 4; t++) { // rotate a quarter turn clockwise: (r, c) -> (c, 2 - r)
                    int nr = c;
                    c = 2 - r;
                    r = nr;
                }
                if (k >= 4) { // then mirror left-right
                    c = 2 - c;
                }
                map[i] = r * 3 + c;
            }
            out.add(new Symmetry(map, map));
        }
        return out;
    }

    @Override
    public String render(Board b) {
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                s.append(c == 0 ? " " : " | ").append(b.at(3 * r + c) == '.' ? Character.forDigit(3 * r + c, 10) : b.at(3 * r + c));
            }
            s.append('\n');
            if (r < 2) {
                s.append("---+---+---\n");
            }
        }
        return s.toString();
    }
}
