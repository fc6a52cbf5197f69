package dev.reins.envs.toytext;

import dev.reins.core.random.Rng;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Gymnasium's FrozenLake: walk from S to G on a grid of frozen tiles (F) and holes (H). Actions 0 left, 1 down,
 * 2 right, 3 up. On slippery ice the intended move happens with probability {@code successRate} and each
 * perpendicular move with half the rest. Reaching G or H terminates; the reward schedule is (goal, hole, frozen),
 * (1, 0, 0) by default. Registered as {@code FrozenLake-v1} (4x4, 100 steps) and {@code FrozenLake8x8-v1} (200 steps).
 *
 * <pre>{@code
 * FrozenLake lake = new FrozenLake("FrozenLake-v1", FrozenLake.MAP_4X4, false, 1.0 / 3, new double[] {1, 0, 0});
 * }</pre>
 */
public final class FrozenLake extends TabularModelEnv {
    public static final List<String> MAP_4X4 = List.of("SFFF", "FHFH", "FFFH", "HFFG");
    public static final List<String> MAP_8X8 = List.of("SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF", "FFFHFFFF",
            "FHHFFFHF", "FHFFHFHF", "FFFHFFFG");

    private static final int LEFT = 0;
    private static final int DOWN = 1;
    private static final int RIGHT = 2;
    private static final int UP = 3;

    private final List<String> map;

    /**
     * @param map rows of S, F, H, G (at least one S)
     * @param slippery whether moves may slip sideways
     * @param successRate probability of the intended move on slippery ice
     * @param rewardSchedule rewards for reaching (goal, hole, frozen or start)
     */
    public FrozenLake(String name, List<String> map, boolean slippery, double successRate, double[] rewardSchedule) {
        super(name, build(map, slippery, successRate, rewardSchedule));
        this.map = List.copyOf(map);
    }

    /** The map rows. */
    public List<String> map() {
        return map;
    }

    private static TransitionTable build(List<String> map, boolean slippery, double successRate, double[] rewards) {
        validate(map, successRate, rewards);
        int rows = map.size();
        int cols = map.get(0).length();
        double[] initial = new double[rows * cols];
        int starts = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (map.get(r).charAt(c) == 'S') {
                    initial[r * cols + c] = 1;
                    starts++;
                }
            }
        }
        for (int i = 0; i < initial.length; i++) {
            initial[i] /= starts;
        }
        TransitionTable table = new TransitionTable(rows * cols, 4, initial);
        double failRate = (1.0 - successRate) / 2.0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int s = r * cols + c;
                char letter = map.get(r).charAt(c);
                for (int a = 0; a < 4; a++) {
                    if (letter == 'G' || letter == 'H') {
                        table.add(s, a, 1.0, s, 0, true);
                    } else if (slippery) {
                        for (int b : new int[] {Math.floorMod(a - 1, 4), a, (a + 1) % 4}) {
                            addMove(table, map, s, a, r, c, b, b == a ? successRate : failRate, rewards);
                        }
                    } else {
                        addMove(table, map, s, a, r, c, a, 1.0, rewards);
                    }
                }
            }
        }
        return table.freeze();
    }

    private static void addMove(TransitionTable table, List<String> map, int s, int action, int row, int col, int move, double p,
            double[] rewards) {
        int rows = map.size();
        int cols = map.get(0).length();
        switch (move) {
            case LEFT -> col = Math.max(col - 1, 0);
            case DOWN -> row = Math.min(row + 1, rows - 1);
            case RIGHT -> col = Math.min(col + 1, cols - 1);
            case UP -> row = Math.max(row - 1, 0);
            default -> throw new IllegalStateException("move " + move);
        }
        char letter = map.get(row).charAt(col);
        boolean terminal = letter == 'G' || letter == 'H';
        double reward = letter == 'G' ? rewards[0] : letter == 'H' ? rewards[1] : rewards[2];
        table.add(s, action, p, row * cols + col, reward, terminal);
    }

    private static void validate(List<String> map, double successRate, double[] rewards) {
        if (map == null || map.isEmpty()) {
            throw new IllegalArgumentException("FrozenLake map must have at least one row");
        }
        int cols = map.get(0).length();
        boolean hasStart = false;
        for (String row : map) {
            if (row.length() != cols || cols == 0) {
                throw new IllegalArgumentException("FrozenLake map rows must all have the same non-zero length, got " + map);
            }
            for (char ch : row.toCharArray()) {
                if ("SFHG".indexOf(ch) < 0) {
                    throw new IllegalArgumentException("FrozenLake map may only contain S, F, H, G; got '" + ch + "' in " + map);
                }
                hasStart |= ch == 'S';
            }
        }
        if (!hasStart) {
            throw new IllegalArgumentException("FrozenLake map needs a start tile S: " + map);
        }
        if (!(successRate >= 0 && successRate <= 1)) {
            throw new IllegalArgumentException("FrozenLake success_rate must be in [0, 1], got " + successRate);
        }
        if (rewards == null || rewards.length != 3) {
            throw new IllegalArgumentException("FrozenLake reward_schedule must have 3 values (goal, hole, frozen)");
        }
    }

    /**
     * A random {@code size × size} map whose tiles are frozen with probability {@code p}, regenerated until a path
     * leads from S (top left) to G (bottom right), as Gymnasium's {@code generate_random_map}.
     */
    public static List<String> generateRandomMap(int size, double p, long seed) {
        if (size < 2 || !(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("random FrozenLake map needs size >= 2 and p in (0, 1], got size=" + size + ", p=" + p);
        }
        Rng rng = new Rng(seed);
        while (true) {
            char[][] board = new char[size][size];
            for (char[] row : board) {
                for (int c = 0; c < size; c++) {
                    row[c] = rng.nextDouble() < p ? 'F' : 'H';
                }
            }
            board[0][0] = 'S';
            board[size - 1][size - 1] = 'G';
            if (hasPath(board)) {
                return java.util.Arrays.stream(board).map(String::new).toList();
            }
        }
    }

    private static boolean hasPath(char[][] board) {
        int n = board.length;
        boolean[][] seen = new boolean[n][n];
        Deque<int[]> frontier = new ArrayDeque<>();
        frontier.push(new int[] {0, 0});
        while (!frontier.isEmpty()) {
            int[] rc = frontier.pop();
            if (seen[rc[0]][rc[1]]) {
                continue;
            }
            seen[rc[0]][rc[1]] = true;
            for (int[] d : new int[][] {{1, 0}, {0, 1}, {-1, 0}, {0, -1}}) {
                int r = rc[0] + d[0];
                int c = rc[1] + d[1];
                if (r < 0 || r >= n || c < 0 || c >= n) {
                    continue;
                }
                if (board[r][c] == 'G') {
                    return true;
                }
                if (board[r][c] != 'H') {
                    frontier.push(new int[] {r, c});
                }
            }
        }
        return false;
    }
}
