package dev.reins.envs.games;

import dev.reins.core.game.Game;
import dev.reins.core.game.GamePlayer;
import java.util.List;

/**
 * Opponents by name, for env options and the command line: {@code random}, {@code minimax} (perfect play, for games
 * small enough to solve) and {@code alphabeta:D} (depth D; Connect Four's heuristic, or none for tic-tac-toe, whose
 * depth 9 is perfect). A bad name fails listing the valid ones.
 *
 * <pre>{@code
 * GamePlayer<ConnectFour.Board> bot = Opponents.connectFour("alphabeta:4");
 * }</pre>
 */
public final class Opponents {
    private Opponents() {}

    /** Picks uniformly among the legal moves. */
    public static <S> GamePlayer<S> random(Game<S> game) {
        return (state, rng) -> {
            List<Integer> legal = game.legalActions(state);
            return legal.get(rng.nextInt(legal.size()));
        };
    }

    public static GamePlayer<TicTacToe.Board> ticTacToe(String spec) {
        TicTacToe game = new TicTacToe();
        if (spec.equals("minimax")) {
            return new Minimax<>(game);
        }
        if (spec.startsWith("alphabeta:")) {
            return new AlphaBeta<>(game, depth(spec, "TicTacToe-v0"), (b, p) -> 0.0);
        }
        if (spec.equals("random")) {
            return random(game);
        }
        throw new IllegalArgumentException("TicTacToe-v0: opponent '" + spec + "' is not one of random, minimax, alphabeta:D");
    }

    public static GamePlayer<ConnectFour.Board> connectFour(String spec) {
        if (spec.startsWith("alphabeta:")) {
            return AlphaBeta.connectFour(depth(spec, "ConnectFour-v0"));
        }
        if (spec.equals("random")) {
            return random(new ConnectFour());
        }
        throw new IllegalArgumentException("ConnectFour-v0: opponent '" + spec + "' is not one of random, alphabeta:D");
    }

    private static int depth(String spec, String game) {
        String d = spec.substring("alphabeta:".length());
        try {
            int depth = Integer.parseInt(d);
            if (depth >= 1 && depth <= 12) {
                return depth;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(game + ": opponent '" + spec + "' needs a depth from 1 to 12 after 'alphabeta:'");
    }

    /** The agent's side from an option value: first, second or random (drawn at each reset). */
    public static GameEnv.Side side(String game, String value) {
        return switch (value) {
            case "first" -> GameEnv.Side.FIRST;
            case "second" -> GameEnv.Side.SECOND;
            case "random" -> GameEnv.Side.RANDOM;
            default -> throw new IllegalArgumentException(game + ": agent_side '" + value + "' is not one of first, second, random");
        };
    }
}
