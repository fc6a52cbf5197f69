package dev.reins.envs.games;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.Env;
import dev.reins.core.env.StepResult;
import dev.reins.core.game.GameResult;
import dev.reins.envs.registry.Envs;
import dev.reins.envs.render.EnvRenderer;
import java.util.Map;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GamesTest {
    private final TicTacToe ttt = new TicTacToe();
    private final ConnectFour c4 = new ConnectFour();

    private TicTacToe.Board ttt(int... moves) {
        TicTacToe.Board b = ttt.initialState();
        for (int m : moves) {
            b = ttt.play(b, m);
        }
        return b;
    }

    private ConnectFour.Board c4(int... columns) {
        ConnectFour.Board b = c4.initialState();
        for (int c : columns) {
            b = c4.play(b, c);
        }
        return b;
    }

    @Test
    void ticTacToeRules() {
        TicTacToe.Board b = ttt(4, 0, 2, 6, 3);
        assertEquals("O.X XX. O..".replace(" ", ""), b.cells());
        assertEquals(1, ttt.playerToMove(b));
        assertFalse(ttt.isTerminal(b));
        TicTacToe.Board won = ttt.play(ttt.play(b, 8), 5); // X completes the middle row
        assertTrue(ttt.isTerminal(won));
        assertEquals(1.0, ttt.outcome(won, 0));
        assertEquals(-1.0, ttt.outcome(won, 1));
        assertEquals(List.of(), ttt.legalActions(won));
        TicTacToe.Board draw = ttt(0, 4, 8, 1, 7, 6, 2, 5, 3);
        assertTrue(ttt.isTerminal(draw));
        assertEquals(0.0, ttt.outcome(draw, 0));
        String e = assertThrows(IllegalArgumentException.class, () -> ttt.play(b, 4)).getMessage();
        assertEquals("TicTacToe-v0: move 4 is not legal here; legal moves are [1, 5, 7, 8]", e);
        assertEquals(" O | 1 | X\n---+---+---\n X | X | 5\n---+---+---\n O | 7 | 8\n", ttt.render(b));
    }

    @Test
    void connectFourFindsEveryKindOfLineAndAFullColumnIsIllegal() {
        assertEquals(1.0, c4.outcome(c4(0, 1, 0, 1, 0, 1, 0), 0)); // vertical
        assertEquals(1.0, c4.outcome(c4(0, 0, 1, 1, 2, 2, 3), 0)); // horizontal
        assertEquals(1.0, c4.outcome(c4(0, 1, 1, 2, 2, 3, 2, 3, 3, 6, 3), 0)); // rising diagonal
        ConnectFour.Board falling = c4(3, 2, 2, 1, 1, 0, 1, 0, 0, 6, 0);
        assertTrue(c4.isTerminal(falling) && c4.outcome(falling, 0) == 1.0, c4.render(falling));
        // Bits must not wrap from the top of one column into the next: three at the top of column 0, one at the bottom of 1.
        ConnectFour.Board noWrap = c4(0, 0, 0, 1, 0, 0, 0);
        assertFalse(c4.isTerminal(noWrap), c4.render(noWrap));
        ConnectFour.Board full = c4(0, 0, 0, 0, 0, 0);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), c4.legalActions(full));
        String e = assertThrows(IllegalArgumentException.class, () -> c4.play(full, 0)).getMessage();
        assertTrue(e.contains("move 0 is not legal here; legal moves are [1, 2, 3, 4, 5, 6]"), e);
        assertEquals(6, ConnectFour.height(full, 0));
    }

    @Test
    void aFullConnectFourBoardWithoutALineIsADraw() {
        // Columns filled in pairs shifted so no four line up: a known drawn filling.
        int[] order = {0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 2, 3, 2, 3, 2, 3, 3, 2, 3, 2, 3, 2, 4, 5, 4, 5, 4, 5, 5, 4, 5, 4, 5, 4, 6, 6, 6, 6, 6, 6};
        ConnectFour.Board b = c4.initialState();
        for (int c : order) {
            assertFalse(c4.isTerminal(b), c4.render(b));
            b = c4.play(b, c);
        }
        assertTrue(c4.isTerminal(b), c4.render(b));
        assertEquals(0.0, c4.outcome(b, 0), c4.render(b));
    }

    @Test
    void perfectPlayDrawsTicTacToe() {
        Minimax<TicTacToe.Board> solver = new Minimax<>(ttt);
        assertEquals(0.0, solver.value(ttt.initialState()));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), solver.optimalMoves(ttt.initialState()));
        // After X's corner, only the centre holds for O.
        assertEquals(List.of(4), solver.optimalMoves(ttt(0)));
        for (long seed = 0; seed < 20; seed++) {
            GameResult r = GameResult.play(ttt, ttt.initialState(), List.of(solver, solver), new SplittableRandom(seed));
            assertEquals(0.0, r.outcome(0), r.moves().toString());
        }
    }

    @Test
    void alphaBetaTakesAWinAndBlocksOne() {
        AlphaBeta<ConnectFour.Board> bot = AlphaBeta.connectFour(4);
        SplittableRandom rng = new SplittableRandom(0);
        assertEquals(0, bot.move(c4(0, 1, 0, 1, 0, 2), rng)); // X wins in column 0
        assertEquals(0, bot.move(c4(0, 1, 0, 1, 0), rng)); // O must block column 0
        assertEquals(3, AlphaBeta.connectFour(1).move(c4.initialState(), rng)); // centre first
    }

    private static Env<int[], Integer> env(String id, Map<String, Object> options) {
        return Envs.make(id, options);
    }

    @Test
    void aRandomAgentNeverBeatsPerfectPlayAndTheBoardIsSeenFromItsSide() {
        Env<int[], Integer> env = env("TicTacToe-v0", Map.of());
        SplittableRandom rng = new SplittableRandom(3);
        int losses = 0;
        int sides = 0;
        for (int episode = 0; episode < 40; episode++) {
            int[] obs = env.reset(episode).observation();
            // When the agent plays second, minimax (X) has already moved, and its stone is the opponent's (2).
            int agent = ((GameEnv<?>) env.unwrapped()).agentPlayer();
            assertEquals(agent, java.util.Arrays.stream(obs).filter(c -> c == 2).count(), "episode " + episode);
            sides += agent;
            StepResult<int[]> r;
            do {
                int[] legal = legalOf(env);
                r = env.step(legal[rng.nextInt(legal.length)]);
            } while (!r.done());
            assertTrue(r.reward() <= 0, "a random agent beat minimax");
            losses += r.reward() < 0 ? 1 : 0;
        }
        assertTrue(losses > 20, "losses " + losses);
        assertTrue(sides > 5 && sides < 35, "the agent played second in " + sides + " of 40 episodes");
    }

    private static int[] legalOf(Env<int[], Integer> env) {
        return legal((GameEnv<?>) env.unwrapped());
    }

    private static <S> int[] legal(GameEnv<S> g) {
        return g.game().legalActions(g.state()).stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void aResumedEnvReplaysTheOpponentsAnswer() throws Exception {
        Env<int[], Integer> env = env("ConnectFour-v0", Map.of("agent_side", "first", "opponent", "random"));
        env.reset(5);
        env.step(3);
        CheckpointWriter w = new CheckpointWriter();
        ((GameEnv<?>) env.unwrapped()).save(w, "env.");
        java.nio.file.Path f = java.nio.file.Files.createTempFile("c4", ".ckpt");
        w.writeTo(f);
        StepResult<int[]> a = env.step(3);
        Env<int[], Integer> other = env("ConnectFour-v0", Map.of("agent_side", "first", "opponent", "random"));
        other.reset(99);
        ((GameEnv<?>) other.unwrapped()).load(CheckpointReader.read(f), "env.");
        StepResult<int[]> b = other.step(3);
        assertTrue(java.util.Arrays.equals(a.observation(), b.observation()));
        assertTrue(EnvRenderer.forEnv(env).render(env).getWidth() > 0);
    }

    @Test
    void anIllegalMoveLosesTheGame() {
        // Agent and bot both play column 6 (X, O, X, O, X, O: no line) until it is full; then the agent plays it again.
        GameEnv<ConnectFour.Board> env = new GameEnv<>("ConnectFour-v0", c4, (b, rng) -> ConnectFour.height(b, 6) < 6 ? 6 : 0,
                GameEnv.Side.FIRST);
        env.reset(0);
        for (int i = 0; i < 3; i++) {
            assertFalse(env.step(6).done());
        }
        StepResult<int[]> illegal = env.step(6);
        assertEquals(-1.0, illegal.reward());
        assertTrue(illegal.terminated() && illegal.info().get("illegal_move").equals(6), illegal.info().toString());
    }

    @Test
    void boardsRoundTripThroughCellsFromEverySideOfRandomGames() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        for (int g = 0; g < 50; g++) {
            roundTrip(c4, rng);
            roundTrip(new TicTacToe(), rng);
        }
        String e = assertThrows(IllegalArgumentException.class, () -> c4.fromCells(new int[41])).getMessage();
        assertEquals("ConnectFour-v0: a board has 42 cells, got 41", e);
        int[] floating = new int[42];
        floating[7] = 1;
        e = assertThrows(IllegalArgumentException.class, () -> c4.fromCells(floating)).getMessage();
        assertEquals("ConnectFour-v0: the stone in row 1, column 0 floats above an empty cell", e);
        e = assertThrows(IllegalArgumentException.class, () -> new TicTacToe().fromCells(new int[] {1, 1, 0, 0, 0, 0, 0, 0, 0}))
                .getMessage();
        assertEquals("TicTacToe-v0: the player to move has 2 marks and the other 0; a reachable position has as many, or one fewer", e);
    }

    private static <S> void roundTrip(dev.reins.core.game.BoardGame<S> game, java.util.SplittableRandom rng) {
        S s = game.initialState();
        while (!game.isTerminal(s)) {
            assertEquals(s, game.fromCells(game.cells(s, game.playerToMove(s))));
            java.util.List<Integer> legal = game.legalActions(s);
            s = game.play(s, legal.get(rng.nextInt(legal.size())));
        }
    }

    @Test
    void symmetriesMapGamesOntoGamesWithTheSameOutcome() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        assertEquals(7, new TicTacToe().symmetries().size());
        assertEquals(1, c4.symmetries().size());
        for (int g = 0; g < 30; g++) {
            playMirrored(new TicTacToe(), rng);
            playMirrored(c4, rng);
        }
    }

    /** A random game and its image under each symmetry, move by move: the images' boards are the moved boards. */
    private static <S> void playMirrored(dev.reins.core.game.BoardGame<S> game, java.util.SplittableRandom rng) {
        for (dev.reins.core.game.BoardGame.Symmetry sym : game.symmetries()) {
            S s = game.initialState();
            S image = game.initialState();
            while (!game.isTerminal(s)) {
                java.util.List<Integer> legal = game.legalActions(s);
                int a = legal.get(rng.nextInt(legal.size()));
                s = game.play(s, a);
                image = game.play(image, sym.actions()[a]);
                assertTrue(java.util.Arrays.equals(sym.applyToCells(game.cells(s, 0)), game.cells(image, 0)));
            }
            assertTrue(game.isTerminal(image));
            assertEquals(game.outcome(s, 0), game.outcome(image, 0));
        }
    }

    @Test
    void badOpponentsAndSidesAreNamed() {
        String e = assertThrows(IllegalArgumentException.class, () -> Envs.make("ConnectFour-v0", Map.of("opponent", "minimax")))
                .getMessage();
        assertEquals("ConnectFour-v0: opponent 'minimax' is not one of random, alphabeta:D", e);
        e = assertThrows(IllegalArgumentException.class, () -> Envs.make("TicTacToe-v0", Map.of("agent_side", "middle"))).getMessage();
        assertEquals("TicTacToe-v0: agent_side 'middle' is not one of first, second, random", e);
        e = assertThrows(IllegalArgumentException.class, () -> Envs.make("ConnectFour-v0", Map.of("opponent", "alphabeta:x")))
                .getMessage();
        assertTrue(e.contains("needs a depth from 1 to 12"), e);
    }

    @Test
    void connectFourThreatPlanesMarkExactlyTheCellsThatCompleteFourAndMirrorWithTheBoard() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = ConnectFour.ROWS * ConnectFour.COLUMNS;
        int threatsSeen = 0;
        for (int game = 0; game < 300; game++) {
            ConnectFour.Board b = c4.initialState();
            while (!c4.isTerminal(b)) {
                int mover = c4.playerToMove(b);
                int[] cells = c4.cells(b, mover);
                double[] planes = new double[2 * n];
                c4.features(cells, planes, 0);
                for (int cell = 0; cell < n; cell++) {
                    for (int side = 1; side <= 2; side++) {
                        // The oracle: put a stone of that side on the empty cell and look for four anywhere.
                        boolean completes = false;
                        if (cells[cell] == 0) {
                            long stones = 0;
                            for (int k = 0; k < n; k++) {
                                if (cells[k] == side || k == cell) {
                                    stones |= 1L << ((k % ConnectFour.COLUMNS) * (ConnectFour.ROWS + 1) + k / ConnectFour.COLUMNS);
                                }
                            }
                            completes = ConnectFour.wins(stones);
                        }
                        assertEquals(completes ? 1.0 : 0.0, planes[(side - 1) * n + cell], "game " + game + ", cell " + cell);
                        threatsSeen += completes ? 1 : 0;
                    }
                }
                var mirror = c4.symmetries().get(0);
                double[] mirrored = new double[2 * n];
                c4.features(mirror.applyToCells(cells), mirrored, 0);
                for (int plane = 0; plane < 2; plane++) {
                    for (int cell = 0; cell < n; cell++) {
                        assertEquals(planes[plane * n + cell], mirrored[plane * n + mirror.cells()[cell]]);
                    }
                }
                List<Integer> legal = c4.legalActions(b);
                b = c4.play(b, legal.get(rng.nextInt(legal.size())));
            }
        }
        assertTrue(threatsSeen > 1000, "random games make many threats: " + threatsSeen);
    }
}
