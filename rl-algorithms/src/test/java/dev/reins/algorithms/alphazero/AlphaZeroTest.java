package dev.reins.algorithms.alphazero;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.game.GamePlayer;
import dev.reins.core.game.GameResult;
import dev.reins.core.random.Rng;
import dev.reins.envs.games.ConnectFour;
import dev.reins.envs.games.Minimax;
import dev.reins.envs.games.TicTacToe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlphaZeroTest {
    private final TicTacToe ttt = new TicTacToe();

    private static AlphaZeroConfig small(int threads, int arenaGames) {
        AlphaZeroConfig d = AlphaZeroConfig.defaults();
        return new AlphaZeroConfig(8, 16, d.cPuct(), d.rootNoise(), d.dirichletAlpha(), d.temperatureMoves(), 2_000, 32, 4,
                d.learningRate(), d.weightDecay(), d.valueCoef(), List.of(16), d.activation(), d.precision(), arenaGames, 0.55, 2, 16,
                threads, true, 1, true);
    }

    @Test
    void aSeededSelfPlayGameReplaysIdentically() {
        PolicyValueNetwork<ConnectFour.Board> net = PolicyValueNetwork.mlp(new ConnectFour(), true, List.of(32), AlphaZeroConfig.defaults()
                .activation(), AlphaZeroConfig.defaults().precision(), 1, new Rng(3));
        SelfPlay.Game a = SelfPlay.play(net, AlphaZeroConfig.defaults().selfPlaySearch(), 8, new Rng(11));
        SelfPlay.Game b = SelfPlay.play(net.copy(), AlphaZeroConfig.defaults().selfPlaySearch(), 8, new Rng(11));
        assertEquals(a.moves(), b.moves());
        for (int t = 0; t < a.positions().size(); t++) {
            Position p = a.positions().get(t);
            Position q = b.positions().get(t);
            assertArrayEquals(p.cells(), q.cells());
            assertArrayEquals(p.policy(), q.policy());
            assertEquals(p.outcome(), q.outcome());
            assertEquals(1.0, java.util.Arrays.stream(p.policy()).sum(), 1e-12);
            // Outcomes alternate in sign with the player to move.
            assertEquals(t % 2 == 0 ? a.firstPlayerOutcome() : -a.firstPlayerOutcome(), p.outcome());
        }
        SelfPlay.Game other = SelfPlay.play(net, AlphaZeroConfig.defaults().selfPlaySearch(), 8, new Rng(12));
        assertTrue(!other.moves().equals(a.moves()), "another seed, another game");
    }

    @Test
    void theRunIsTheSameOnOneOrTwoThreadsAndResumesBitForBit(@TempDir Path dir) throws Exception {
        AlphaZero<TicTacToe.Board> oneThread = new AlphaZero<>(ttt, small(1, 4), 9L);
        oneThread.learn(300, Callback.NONE);
        AlphaZero<TicTacToe.Board> twoThreads = new AlphaZero<>(ttt, small(2, 4), 9L);
        twoThreads.learn(150, Callback.NONE);
        CheckpointWriter out = new CheckpointWriter();
        twoThreads.save(out, "a.");
        Path file = dir.resolve("ck.zip");
        out.writeTo(file);
        AlphaZero<TicTacToe.Board> resumed = new AlphaZero<>(ttt, small(2, 4), 9L);
        resumed.load(CheckpointReader.read(file), "a.");
        resumed.learn(300, Callback.NONE);
        assertEquals(oneThread.stepsDone(), resumed.stepsDone());
        assertArrayEquals(oneThread.champion().network().parameters(), resumed.champion().network().parameters());
        CheckpointWriter x = new CheckpointWriter();
        CheckpointWriter y = new CheckpointWriter();
        oneThread.save(x, "a.");
        resumed.save(y, "a.");
        Path fx = dir.resolve("x.zip");
        Path fy = dir.resolve("y.zip");
        x.writeTo(fx);
        y.writeTo(fy);
        assertArrayEquals(Files.readAllBytes(fx), Files.readAllBytes(fy));
    }

    @Test
    void theArenaCrownsTheCandidateOnlyWhenItScoresTheThreshold() {
        AlphaZero<TicTacToe.Board> az = new AlphaZero<>(ttt, small(1, 6), 4L);
        List<Map<String, Double>> updates = new ArrayList<>();
        List<double[]> champions = new ArrayList<>();
        az.learn(400, new Callback() {
            @Override
            public void onUpdate(TrainingContext ctx, Map<String, Double> metrics) {
                updates.add(metrics);
                champions.add(az.champion().network().parameters().clone());
            }
        });
        double changes = 0;
        double[] previous = null;
        for (int i = 0; i < updates.size(); i++) {
            boolean crowned = updates.get(i).get("arena_score") >= 0.55;
            changes += crowned ? 1 : 0;
            assertEquals(changes, updates.get(i).get("champion_changes"));
            if (previous != null && !crowned) {
                assertArrayEquals(previous, champions.get(i), "a candidate that lost keeps the champion");
            }
            previous = champions.get(i);
        }
        assertTrue(updates.size() >= 3);
    }

    @Test
    void trainedOnTicTacToeItNeverLosesToPerfectPlayFromAnyOpeningOnEitherSide() {
        AlphaZero<TicTacToe.Board> az = new AlphaZero<>(ttt, AlphaZeroConfig.defaults(), 0L);
        az.learn(20_000, Callback.NONE);
        GamePlayer<TicTacToe.Board> agent = az.player();
        Minimax<TicTacToe.Board> perfect = new Minimax<>(ttt);
        int losses = 0;
        for (int opening = 0; opening < 9; opening++) {
            TicTacToe.Board start = ttt.play(ttt.initialState(), opening);
            for (int g = 0; g < 3; g++) {
                SplittableRandom rng = new SplittableRandom(opening * 10 + g);
                losses += GameResult.play(ttt, start, List.<GamePlayer<TicTacToe.Board>>of(agent, perfect), rng).outcome(0) < 0 ? 1 : 0;
                losses += GameResult.play(ttt, start, List.<GamePlayer<TicTacToe.Board>>of(perfect, agent), rng).outcome(1) < 0 ? 1 : 0;
            }
        }
        assertEquals(0, losses, "games lost to perfect play out of 54");
        // The same search on an untrained network loses: the learning, not the search, holds the draw.
        AlphaZero<TicTacToe.Board> untrained = new AlphaZero<>(ttt, AlphaZeroConfig.defaults(), 0L);
        int untrainedLosses = 0;
        for (int g = 0; g < 40; g++) {
            SplittableRandom rng = new SplittableRandom(g);
            List<GamePlayer<TicTacToe.Board>> players = g % 2 == 0 ? List.of(untrained.player(), perfect) : List.of(perfect, untrained.player());
            untrainedLosses += GameResult.play(ttt, ttt.initialState(), players, rng).outcome(g % 2) < 0 ? 1 : 0;
        }
        assertTrue(untrainedLosses > 5, "an untrained network lost only " + untrainedLosses + " of 40");
    }
}
