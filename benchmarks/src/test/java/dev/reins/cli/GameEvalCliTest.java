package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reins eval --agent ... --opponent ...} (board-game matches between named players) and {@code reins play}. */
class GameEvalCliTest {
    @TempDir
    Path tmp;

    @Test
    void aMatchWritesWinsDrawsAndLossesFromTheAgentsSide() throws Exception {
        Path out = tmp.resolve("eval.json");
        Object[] r = CliRun.run("eval", "--env", "TicTacToe-v0", "--agent", "minimax", "--opponent", "random", "--games", "20", "--out",
                out.toString());
        assertEquals(0, r[0], (String) r[1]);
        JsonNode j = new ObjectMapper().readTree(out.toFile());
        assertEquals(20, j.get("games").asInt());
        assertEquals(0, j.get("losses").asInt());
        assertEquals(20, j.get("wins").asInt() + j.get("draws").asInt());
        assertTrue(j.get("wins").asInt() >= 15, j.toString()); // perfect play beats a random player nearly always
        r = CliRun.run("eval", "--env", "ConnectFour-v0", "--agent", "uct:200", "--opponent", "random", "--games", "4", "--out",
                tmp.resolve("c4.json").toString());
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("uct:200 vs random on ConnectFour-v0, 4 games"), (String) r[1]);
    }

    @Test
    void badPlayersAndGamesAreOneLine() {
        String[][] cases = {
            {"--env", "ConnectFour-v0", "--agent", "minimax", "--opponent", "random"},
            {"--env", "TicTacToe-v0", "--agent", "uct:0", "--opponent", "random"},
            {"--env", "Chess-v0", "--agent", "random", "--opponent", "random"},
            {"--env", "TicTacToe-v0", "--agent", "random"},
            {"--env", "TicTacToe-v0", "--agent", "random", "--opponent", "random", "--games", "0"}};
        String[] expected = {"solves tic-tac-toe only", "needs a whole number from 1", "is not a board game",
            "needs --agent, --opponent and --env", "--games must be > 0"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 3];
            args[0] = "eval";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            args[args.length - 2] = "--out";
            args[args.length - 1] = tmp.resolve("bad" + i + ".json").toString();
            Object[] r = CliRun.run(args);
            assertEquals(Reins.BAD_INPUT, r[0], (String) r[1]);
            assertTrue(((String) r[1]).contains(expected[i]) && ((String) r[1]).strip().lines().count() == 1, (String) r[1]);
            assertFalse(Files.exists(tmp.resolve("bad" + i + ".json")));
        }
    }

    @Test
    void aPersonPlaysInTheTerminalAndBadMovesAreExplained() {
        java.io.InputStream stdin = System.in;
        try {
            // The person plays the centre, then keeps trying cells until the game ends; the perfect agent never loses.
            System.setIn(new java.io.ByteArrayInputStream("4\nx\n4\n0\n1\n2\n3\n5\n6\n7\n8\n".repeat(2)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Object[] r = CliRun.run("play", "--env", "TicTacToe-v0", "--agent", "minimax");
            assertEquals(0, r[0], (String) r[1]);
            String out = (String) r[1];
            assertTrue(out.contains("'x' is not a move") && out.contains("move 4 is not legal here"), out);
            assertTrue(out.contains("draw") || out.contains("the agent wins"), out);
            assertFalse(out.contains("you win"), out);
        } finally {
            System.setIn(stdin);
        }
    }
}
