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
            "a board-game match needs --opponent", "--games must be > 0"};
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
    void anAlphaZeroRunPlaysMatchesAndPeople() throws Exception {
        Path run = tmp.resolve("az");
        Object[] r = CliRun.run("train", "--algo", "alphazero", "--env", "TicTacToe-v0", "--steps", "3000", "--eval-episodes", "10",
                "--out", run.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        r = CliRun.run("eval", "--run", run.toString(), "--opponent", "random", "--games", "10", "--simulations", "30");
        assertEquals(0, r[0], (String) r[1]);
        JsonNode j = new ObjectMapper().readTree(run.resolve("eval.json").toFile());
        assertEquals(10, j.get("wins").asInt() + j.get("draws").asInt() + j.get("losses").asInt());
        assertTrue(j.get("agent").asText().contains("(30 simulations)"), j.toString());

        String[][] bad = {
            {"eval", "--run", run.toString(), "--agent", "random", "--opponent", "random"},
            {"eval", "--run", run.toString(), "--env", "ConnectFour-v0", "--opponent", "random"},
            {"eval", "--run", run.toString(), "--opponent", "uct:-3"},
            {"eval", "--run", run.toString(), "--opponent", "random", "--simulations", "0"},
            {"eval", "--env", "TicTacToe-v0", "--agent", "random", "--opponent", "random", "--simulations", "5"},
            {"play", "--run", run.toString(), "--agent", "random"}};
        String[] expected = {"not both", "does not match the run, which plays TicTacToe-v0", "needs a whole number from 1",
            "--simulations must be > 0", "a named --agent carries its own", "not both"};
        for (int i = 0; i < bad.length; i++) {
            String[] args = java.util.Arrays.copyOf(bad[i], bad[i].length + 2);
            args[args.length - 2] = bad[i][0].equals("eval") ? "--out" : "--seed";
            args[args.length - 1] = bad[i][0].equals("eval") ? tmp.resolve("bad" + i + ".json").toString() : "1";
            r = CliRun.run(args);
            assertEquals(Reins.BAD_INPUT, r[0], (String) r[1]);
            assertTrue(((String) r[1]).contains(expected[i]) && ((String) r[1]).strip().lines().count() == 1, (String) r[1]);
            assertFalse(Files.exists(tmp.resolve("bad" + i + ".json")));
        }

        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("0\n1\n2\n3\n4\n5\n6\n7\n8\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            r = CliRun.run("play", "--run", run.toString(), "--first", "agent");
            assertEquals(0, r[0], (String) r[1]);
            assertTrue(((String) r[1]).contains("against the alphazero run"), (String) r[1]);
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void aRunOfAnotherAlgorithmIsNotABoardGameAgent() {
        Path run = tmp.resolve("vi");
        Object[] r = CliRun.run("train", "--algo", "value-iteration", "--env", "FrozenLake-v1", "--steps", "10", "--eval-episodes", "1",
                "--out", run.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        r = CliRun.run("eval", "--run", run.toString(), "--opponent", "random", "--out", tmp.resolve("x.json").toString());
        assertEquals(Reins.BAD_INPUT, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("is a value-iteration run on FrozenLake-v1; a board-game agent comes from an alphazero run"),
                (String) r[1]);
        r = CliRun.run("train", "--algo", "alphazero", "--env", "CartPole-v1", "--out", tmp.resolve("az-cp").toString());
        assertEquals(Reins.BAD_INPUT, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("alphazero learns board games by self-play; CartPole-v1 is not one"), (String) r[1]);
        assertFalse(Files.exists(tmp.resolve("az-cp")));
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
