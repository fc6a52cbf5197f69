package dev.reins.envs.games;

import dev.reins.core.game.Game;
import dev.reins.core.game.GamePlayer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Perfect play by exhaustive negamax with a memo of every position seen: for games small enough to solve (tic-tac-toe
 * has 5,478 positions). As a player it picks uniformly among the optimal moves, so it is perfect and not predictable.
 *
 * <pre>{@code
 * Minimax<TicTacToe.Board> solver = new Minimax<>(new TicTacToe());
 * double v = solver.value(new TicTacToe().initialState());   // 0: a draw with perfect play
 * }</pre>
 */
public final class Minimax<S> implements GamePlayer<S> {
    private final Game<S> game;
    private final Map<S, Double> values = new HashMap<>();

    public Minimax(Game<S> game) {
        this.game = game;
    }

    /** The outcome for the player to move under perfect play by both (+1, 0 or −1). */
    public double value(S state) {
        Double known = values.get(state);
        if (known != null) {
            return known;
        }
        double v;
        if (game.isTerminal(state)) {
            v = game.outcome(state, game.playerToMove(state));
        } else {
            v = Double.NEGATIVE_INFINITY;
            for (int a : game.legalActions(state)) {
                v = Math.max(v, moveValue(state, a));
            }
        }
        values.put(state, v);
        return v;
    }

    /** The value of {@code action} for the player making it. */
    public double moveValue(S state, int action) {
        S next = game.play(state, action);
        int mover = game.playerToMove(state);
        return game.isTerminal(next) ? game.outcome(next, mover) : (game.playerToMove(next) == mover ? 1 : -1) * value(next);
    }

    /** Every move that keeps the best outcome. */
    public List<Integer> optimalMoves(S state) {
        double best = value(state);
        List<Integer> out = new ArrayList<>();
        for (int a : game.legalActions(state)) {
            if (moveValue(state, a) == best) {
                out.add(a);
            }
        }
        return out;
    }

    @Override
    public int move(S state, RandomGenerator rng) {
        List<Integer> best = optimalMoves(state);
        return best.get(rng.nextInt(best.size()));
    }
}
