package dev.reins.algorithms.alphazero;

import dev.reins.algorithms.mcts.Mcts;
import dev.reins.algorithms.mcts.MctsConfig;
import dev.reins.core.game.BoardGame;
import java.util.random.RandomGenerator;

/**
 * A game between two networks that both search with PUCT (no root noise); the first {@code openingMoves} moves are
 * drawn in proportion to the visit counts so that a match of deterministic players still sees different games.
 *
 * <pre>{@code
 * double forFirst = Arena.play(candidate, champion, MctsConfig.puct(100), 4, rng);
 * }</pre>
 */
public final class Arena {
    private Arena() {}

    /** Plays one game, {@code first} moving first; returns the first player's outcome (+1, 0, −1). */
    public static <S> double play(PolicyValueNetwork<S> first, PolicyValueNetwork<S> second, MctsConfig search, int openingMoves,
            RandomGenerator rng) {
        BoardGame<S> game = first.game();
        java.util.List<Mcts<S>> players = java.util.List.of(new Mcts<>(game, search, first), new Mcts<>(game, search, second));
        S state = game.initialState();
        int moves = 0;
        while (!game.isTerminal(state)) {
            Mcts.Result r = players.get(game.playerToMove(state)).search(state, rng);
            state = game.play(state, moves < openingMoves ? r.sample(1.0, rng) : r.bestAction());
            moves++;
        }
        return game.outcome(state, 0);
    }
}
