package dev.reins.algorithms.alphazero;

import dev.reins.algorithms.mcts.Mcts;
import dev.reins.algorithms.mcts.MctsConfig;
import dev.reins.core.game.BoardGame;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One game of AlphaZero self-play: both sides search with PUCT on the same network, with Dirichlet noise at the root;
 * the first {@code temperatureMoves} moves are drawn in proportion to the visit counts (variety of openings), later ones
 * are the most visited. Every position is kept with the visit distribution as the policy target and, once the game
 * ends, its outcome for the player who was to move. The same network and seed give the same game.
 *
 * <pre>{@code
 * SelfPlay.Game<ConnectFour.Board> g = SelfPlay.play(net, MctsConfig.puct(100).withRootNoise(0.25, 1.0), 8, rng);
 * }</pre>
 */
public final class SelfPlay {
    private SelfPlay() {}

    /** A finished game: its training positions (one per move, in order), its moves and the first player's outcome. */
    public record Game(List<Position> positions, List<Integer> moves, double firstPlayerOutcome) {}

    public static <S> Game play(PolicyValueNetwork<S> network, MctsConfig search, int temperatureMoves, RandomGenerator rng) {
        return play(network, search, 0, temperatureMoves, rng);
    }

    /**
     * A game whose first {@code randomMoves} moves are uniformly random legal moves (their positions are still searched
     * and kept): openings the network would never choose get played, so it learns to answer them.
     */
    public static <S> Game play(PolicyValueNetwork<S> network, MctsConfig search, int randomMoves, int temperatureMoves,
            RandomGenerator rng) {
        BoardGame<S> game = network.game();
        Mcts<S> mcts = new Mcts<>(game, search, network);
        S state = game.initialState();
        List<int[]> boards = new ArrayList<>();
        List<double[]> targets = new ArrayList<>();
        List<Long> legalMasks = new ArrayList<>();
        List<Integer> movers = new ArrayList<>();
        List<Integer> moves = new ArrayList<>();
        while (!game.isTerminal(state)) {
            int mover = game.playerToMove(state);
            Mcts.Result result = mcts.search(state, rng);
            double[] visits = result.policy(1.0);
            double[] target = new double[game.actionCount()];
            long legal = 0;
            for (int i = 0; i < result.actions().length; i++) {
                target[result.actions()[i]] = visits[i];
                legal |= 1L << result.actions()[i];
            }
            boards.add(game.cells(state, mover));
            targets.add(target);
            legalMasks.add(legal);
            movers.add(mover);
            int move = moves.size() < randomMoves ? result.actions()[rng.nextInt(result.actions().length)]
                    : moves.size() < temperatureMoves ? result.sample(1.0, rng) : result.bestAction();
            moves.add(move);
            state = game.play(state, move);
        }
        List<Position> positions = new ArrayList<>(boards.size());
        for (int t = 0; t < boards.size(); t++) {
            positions.add(new Position(boards.get(t), targets.get(t), legalMasks.get(t), game.outcome(state, movers.get(t))));
        }
        return new Game(positions, moves, game.outcome(state, 0));
    }
}
