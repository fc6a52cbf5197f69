package dev.reins.envs.toytext;

/**
 * Gymnasium's CliffWalking (Sutton &amp; Barto, Example 6.6): a 4×12 grid, start at the bottom left (state 36), goal
 * at the bottom right (47), the cells between them a cliff. Actions 0 up, 1 right, 2 down, 3 left. Every move costs
 * −1; stepping into the cliff costs −100 and sends the agent back to the start without ending the episode; reaching
 * the goal terminates. The slippery variant moves in the intended or either perpendicular direction with
 * probability 1/3 each. No time limit is registered.
 *
 * <pre>{@code
 * CliffWalking env = new CliffWalking("CliffWalking-v1", false);
 * }</pre>
 */
public final class CliffWalking extends TabularModelEnv {
    static final int ROWS = 4;
    static final int COLS = 12;
    /** The start state, row 3 column 0. */
    public static final int START = 3 * COLS;
    /** The goal state, row 3 column 11. */
    public static final int GOAL = 3 * COLS + COLS - 1;
    private static final int[][] DELTAS = {{-1, 0}, {0, 1}, {1, 0}, {0, -1}}; // up, right, down, left

    public CliffWalking(String name, boolean slippery) {
        super(name, build(slippery));
    }

    private static boolean isCliff(int row, int col) {
        return row == 3 && col >= 1 && col <= COLS - 2;
    }

    private static TransitionTable build(boolean slippery) {
        double[] initial = new double[ROWS * COLS];
        initial[START] = 1;
        TransitionTable table = new TransitionTable(ROWS * COLS, 4, initial);
        for (int s = 0; s < ROWS * COLS; s++) {
            int row = s / COLS;
            int col = s % COLS;
            for (int a = 0; a < 4; a++) {
                int[] moves = slippery ? new int[] {Math.floorMod(a - 1, 4), a, (a + 1) % 4} : new int[] {a};
                for (int move : moves) {
                    int r = Math.max(0, Math.min(ROWS - 1, row + DELTAS[move][0]));
                    int c = Math.max(0, Math.min(COLS - 1, col + DELTAS[move][1]));
                    double p = 1.0 / moves.length;
                    if (isCliff(r, c)) {
                        table.add(s, a, p, START, -100, false);
                    } else {
                        int next = r * COLS + c;
                        table.add(s, a, p, next, -1, next == GOAL);
                    }
                }
            }
        }
        return table.freeze();
    }
}
