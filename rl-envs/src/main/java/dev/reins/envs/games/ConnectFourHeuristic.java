package dev.reins.envs.games;

/**
 * A Connect Four position's score for a player: over every window of four cells in a line, +1 for two of the player's
 * stones and no opponent's, +5 for three, and the same subtracted for the opponent; plus 2 per stone in the centre
 * column. The usual hand-made evaluation of alpha-beta bots.
 */
final class ConnectFourHeuristic {
    private ConnectFourHeuristic() {}

    static double score(ConnectFour.Board b, int player) {
        char mine = player == 0 ? 'X' : 'O';
        char theirs = player == 0 ? 'O' : 'X';
        double s = 0;
        int[][] directions = {{0, 1}, {1, 0}, {1, 1}, {1, -1}};
        for (int r = 0; r < ConnectFour.ROWS; r++) {
            for (int c = 0; c < ConnectFour.COLUMNS; c++) {
                for (int[] d : directions) {
                    int endR = r + 3 * d[0];
                    int endC = c + 3 * d[1];
                    if (endR < 0 || endR >= ConnectFour.ROWS || endC < 0 || endC >= ConnectFour.COLUMNS) {
                        continue;
                    }
                    int own = 0;
                    int other = 0;
                    for (int k = 0; k < 4; k++) {
                        char x = b.at(r + k * d[0], c + k * d[1]);
                        own += x == mine ? 1 : 0;
                        other += x == theirs ? 1 : 0;
                    }
                    s += window(own, other) - window(other, own);
                }
            }
        }
        for (int r = 0; r < ConnectFour.ROWS; r++) {
            char x = b.at(r, ConnectFour.COLUMNS / 2);
            s += x == mine ? 2 : x == theirs ? -2 : 0;
        }
        return s;
    }

    private static double window(int own, int other) {
        if (other > 0) {
            return 0;
        }
        return own == 3 ? 5 : own == 2 ? 1 : 0;
    }
}
