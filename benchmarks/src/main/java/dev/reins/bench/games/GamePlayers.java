package dev.reins.bench.games;

import dev.reins.algorithms.mcts.Mcts;
import dev.reins.algorithms.mcts.MctsConfig;
import dev.reins.core.game.Game;
import dev.reins.core.game.GamePlayer;
import dev.reins.envs.games.AlphaBeta;
import dev.reins.envs.games.ConnectFour;
import dev.reins.envs.games.Minimax;
import dev.reins.envs.games.Opponents;
import dev.reins.envs.games.TicTacToe;

/**
 * Players by name: {@code uct:N} (MCTS with N simulations and random rollouts), {@code uct-decisive:N} (rollouts that
 * take a winning move and avoid handing one over), {@code alphabeta:D}, {@code minimax} (tic-tac-toe only) and
 * {@code random}. A bad name is one line listing the valid ones.
 *
 * <pre>{@code
 * GamePlayer<ConnectFour.Board> p = GamePlayers.parse(new ConnectFour(), "uct:1000");
 * }</pre>
 */
public final class GamePlayers {
    private GamePlayers() {}

    /** The game of a registered board-game env id. */
    public static Game<?> game(String envId) {
        return switch (envId) {
            case "TicTacToe-v0" -> new TicTacToe();
            case "ConnectFour-v0" -> new ConnectFour();
            default -> throw new IllegalArgumentException("--env " + envId + " is not a board game; games: TicTacToe-v0, ConnectFour-v0");
        };
    }

    @SuppressWarnings("unchecked")
    public static <S> GamePlayer<S> parse(Game<S> game, String spec) {
        if (spec.startsWith("uct:")) {
            int n = number(spec, "uct:", 1, 10_000_000);
            return new Mcts<>(game, MctsConfig.uct(n));
        }
        if (spec.startsWith("uct-decisive:")) {
            int n = number(spec, "uct-decisive:", 1, 10_000_000);
            return new Mcts<>(game, MctsConfig.uct(n).withRolloutPolicy(MctsConfig.RolloutPolicy.DECISIVE));
        }
        if (spec.startsWith("alphabeta:")) {
            int depth = number(spec, "alphabeta:", 1, 12);
            if (game instanceof ConnectFour) {
                return (GamePlayer<S>) AlphaBeta.connectFour(depth);
            }
            return new AlphaBeta<>(game, depth, (s, p) -> 0.0);
        }
        if (spec.equals("minimax")) {
            if (!(game instanceof TicTacToe)) {
                throw new IllegalArgumentException("player 'minimax' solves tic-tac-toe only; for " + game.name() + " use alphabeta:D");
            }
            return new Minimax<>(game);
        }
        if (spec.equals("random")) {
            return Opponents.random(game);
        }
        throw new IllegalArgumentException("player '" + spec + "' is not one of uct:N, uct-decisive:N, alphabeta:D, minimax, random");
    }

    private static int number(String spec, String prefix, int min, int max) {
        try {
            int n = Integer.parseInt(spec.substring(prefix.length()));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("player '" + spec + "' needs a whole number from " + min + " to " + max + " after '" + prefix + "'");
    }
}
