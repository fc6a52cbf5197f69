package dev.reins.core.game;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One finished game between two players: the moves and each player's outcome.
 *
 * <pre>{@code
 * GameResult r = GameResult.play(game, game.initialState(), List.of(uct, perfect), rng);
 * double forFirst = r.outcome(0);
 * }</pre>
 */
public record GameResult(List<Integer> moves, double[] outcomes) {
    public double outcome(int player) {
        return outcomes[player];
    }

    /** Plays from {@code start} until the game ends; {@code players.get(p)} moves when it is player p's turn. */
    public static <S> GameResult play(Game<S> game, S start, List<? extends GamePlayer<S>> players, RandomGenerator rng) {
        S state = start;
        List<Integer> moves = new ArrayList<>();
        while (!game.isTerminal(state)) {
            int move = players.get(game.playerToMove(state)).move(state, rng);
            moves.add(move);
            state = game.play(state, move);
        }
        return new GameResult(moves, new double[] {game.outcome(state, 0), game.outcome(state, 1)});
    }
}
