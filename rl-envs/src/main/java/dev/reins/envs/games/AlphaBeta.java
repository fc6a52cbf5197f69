package dev.reins.envs.games;

import dev.reins.core.game.Game;
import dev.reins.core.game.GamePlayer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.function.ToDoubleBiFunction;

/**
 * A depth-limited negamax search with alpha-beta pruning: a win is worth more the sooner it comes, a position at the
 * depth limit is scored by a heuristic (for the player to move there), and moves are tried centre first. As a player it
 * picks uniformly among the moves of equal best score.
 *
 * <pre>{@code
 * AlphaBeta<ConnectFour.Board> bot = AlphaBeta.connectFour(4);
 * int column = bot.move(board, rng);
 * }</pre>
 */
public final class AlphaBeta<S> implements GamePlayer<S> {
    /** A won game's score before the bonus for winning sooner. */
    static final double WIN = 1_000_000;

    private final Game<S> game;
    private final int depth;
    private final ToDoubleBiFunction<S, Integer> heuristic;

    /**
     * @param depth plies searched (≥ 1)
     * @param heuristic score of a non-terminal position for a player, in (−WIN, WIN)
     */
    public AlphaBeta(Game<S> game, int depth, ToDoubleBiFunction<S, Integer> heuristic) {
        if (depth < 1) {
            throw new IllegalArgumentException("alpha-beta depth must be >= 1, got " + depth);
        }
        this.game = game;
        this.depth = depth;
        this.heuristic = heuristic;
    }

    /** The Connect Four bot of configurable depth, scoring open lines of two and three. */
    public static AlphaBeta<ConnectFour.Board> connectFour(int depth) {
        return new AlphaBeta<>(new ConnectFour(), depth, ConnectFourHeuristic::score);
    }

    @Override
    public int move(S state, RandomGenerator rng) {
        List<Integer> best = new ArrayList<>();
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int a : ordered(state)) {
            double s = -negamax(game.play(state, a), depth - 1, Double.NEGATIVE_INFINITY, -bestScore + 1e-9, 1);
            if (s > bestScore + 1e-9) {
                bestScore = s;
                best.clear();
                best.add(a);
            } else if (Math.abs(s - bestScore) <= 1e-9) {
                best.add(a);
            }
        }
        return best.get(rng.nextInt(best.size()));
    }

    /** Score for the player to move in {@code state}, {@code ply} moves below the root. */
    private double negamax(S state, int remaining, double alpha, double beta, int ply) {
        if (game.isTerminal(state)) {
            double o = game.outcome(state, game.playerToMove(state));
            return o == 0 ? 0 : o * (WIN - ply);
        }
        if (remaining == 0) {
            return heuristic.applyAsDouble(state, game.playerToMove(state));
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int a : ordered(state)) {
            double s = -negamax(game.play(state, a), remaining - 1, -beta, -alpha, ply + 1);
            best = Math.max(best, s);
            alpha = Math.max(alpha, s);
            if (alpha >= beta) {
                break;
            }
        }
        return best;
    }

    private List<Integer> ordered(S state) {
        List<Integer> moves = new ArrayList<>(game.legalActions(state));
        double centre = (game.actionCount() - 1) / 2.0;
        moves.sort(Comparator.comparingDouble(a -> Math.abs(a - centre)));
        return moves;
    }
}
