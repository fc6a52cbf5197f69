package dev.reins.bench.games;

import dev.reins.core.game.Game;
import dev.reins.core.game.GamePlayer;
import dev.reins.core.game.GameResult;
import dev.reins.core.random.SplitMix;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A match of {@code games} games between an agent and an opponent, colours alternating (the agent moves first in even
 * games), each game seeded from the match seed: the result from the agent's side.
 *
 * <pre>{@code
 * Match.Result r = Match.play(new TicTacToe(), uct, perfect, 100, 0L);
 * }</pre>
 */
public final class Match {
    private Match() {}

    /**
     * The match from the agent's side; {@code distinctGames} counts different move sequences (two deterministic players
     * repeat the same two games).
     */
    public record Result(int games, int wins, int draws, int losses, int winsAsFirst, int lossesAsFirst, int distinctGames, double seconds) {
        /** Wins plus half the draws, over the games. */
        public double score() {
            return (wins + 0.5 * draws) / games;
        }
    }

    public static <S> Result play(Game<S> game, GamePlayer<S> agent, GamePlayer<S> opponent, int games, long seed) {
        if (games <= 0) {
            throw new IllegalArgumentException("--games must be > 0, got " + games);
        }
        long start = System.nanoTime();
        int wins = 0;
        int draws = 0;
        int losses = 0;
        int winsFirst = 0;
        int lossesFirst = 0;
        java.util.Set<List<Integer>> distinct = new java.util.HashSet<>();
        for (int g = 0; g < games; g++) {
            int side = g % 2;
            List<GamePlayer<S>> players = side == 0 ? List.of(agent, opponent) : List.of(opponent, agent);
            GameResult r = GameResult.play(game, game.initialState(), players, new SplittableRandom(SplitMix.derive(seed, g)));
            double o = r.outcome(side);
            distinct.add(r.moves());
            wins += o > 0 ? 1 : 0;
            draws += o == 0 ? 1 : 0;
            losses += o < 0 ? 1 : 0;
            winsFirst += side == 0 && o > 0 ? 1 : 0;
            lossesFirst += side == 0 && o < 0 ? 1 : 0;
        }
        return new Result(games, wins, draws, losses, winsFirst, lossesFirst, distinct.size(), (System.nanoTime() - start) / 1e9);
    }
}
