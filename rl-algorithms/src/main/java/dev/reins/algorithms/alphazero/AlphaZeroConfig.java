package dev.reins.algorithms.alphazero;

import dev.reins.algorithms.ConfigChecks;
import dev.reins.algorithms.mcts.MctsConfig;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.schedule.Schedule;
import java.util.List;

/**
 * AlphaZero hyperparameters. The step budget counts self-play moves.
 *
 * <pre>{@code
 * AlphaZeroConfig c = AlphaZeroConfig.defaults();   // tic-tac-toe sized; the zoo has Connect Four's
 * }</pre>
 *
 * @param gamesPerIteration self-play games between two training phases
 * @param simulations PUCT simulations per self-play move
 * @param cPuct PUCT's exploration constant c in Q + c·P·√N / (1 + n)
 * @param rootNoise weight ε of the Dirichlet noise mixed into the root's priors in self-play
 * @param dirichletAlpha concentration α of that noise (about 10 / typical number of legal moves)
 * @param temperatureMoves self-play moves drawn in proportion to the visit counts before the most visited is played
 * @param replayCapacity positions kept (the newest; each board symmetry adds one)
 * @param batchSize positions per gradient step
 * @param trainSteps gradient steps after each iteration's games
 * @param learningRate Adam step size schedule (over the step budget)
 * @param weightDecay L2 regularization: each step's gradient gains weight_decay·θ
 * @param valueCoef weight of the value loss against the policy cross-entropy
 * @param hidden hidden widths of the policy/value MLP
 * @param activation hidden activation
 * @param precision arithmetic of the network's passes ({@code float64} or {@code float32})
 * @param arenaGames games the newly trained network plays against the current champion after each iteration (colours
 *     alternating); 0 keeps every new network, as AlphaZero does, instead of AlphaGo Zero's gating
 * @param arenaThreshold score (wins plus half the draws) the new network needs to become the champion
 * @param arenaOpeningMoves arena moves drawn from the visit counts, so that games differ
 * @param evalSimulations PUCT simulations of the trained agent when it plays (evaluation, matches, {@code reins play})
 * @param threads threads that play games in parallel (results do not depend on it)
 * @param reuseTree keep the search tree from move to move within a game (self-play, arena and play)
 * @param randomOpeningMoves self-play moves played uniformly at random at the start of each game (their positions are
 *     searched and kept as usual), so that openings the network would not choose are seen and answered
 * @param boardFeatures give the network the game's feature planes besides the stones (Connect Four: the cells that
 *     would complete four for either side), so that it need not learn to find lines of four from single stones
 */
public record AlphaZeroConfig(int gamesPerIteration, int simulations, double cPuct, double rootNoise, double dirichletAlpha,
        int temperatureMoves, int replayCapacity, int batchSize, int trainSteps, Schedule learningRate, double weightDecay,
        double valueCoef, List<Integer> hidden, Activation activation, Precision precision, int arenaGames, double arenaThreshold,
        int arenaOpeningMoves, int evalSimulations, int threads, boolean reuseTree, int randomOpeningMoves, boolean boardFeatures) {

    public AlphaZeroConfig {
        ConfigChecks.positive("games_per_iteration", gamesPerIteration);
        ConfigChecks.positive("simulations", simulations);
        ConfigChecks.inClosedRange("c_puct", cPuct, 0, 1e6);
        ConfigChecks.inClosedRange("root_noise", rootNoise, 0, 1);
        ConfigChecks.positive("dirichlet_alpha", dirichletAlpha);
        ConfigChecks.inClosedRange("temperature_moves", temperatureMoves, 0, 1e9);
        ConfigChecks.positive("replay_capacity", replayCapacity);
        ConfigChecks.positive("batch_size", batchSize);
        ConfigChecks.inClosedRange("train_steps", trainSteps, 0, 1e9);
        ConfigChecks.scheduleInRange("learning_rate", learningRate, 0, 1);
        ConfigChecks.inClosedRange("weight_decay", weightDecay, 0, 1);
        ConfigChecks.inClosedRange("value_coef", valueCoef, 0, 1e6);
        hidden = ConfigChecks.layerWidths("hidden", hidden);
        ConfigChecks.notNull("activation", activation, Activation.values());
        ConfigChecks.notNull("precision", precision, Precision.values());
        ConfigChecks.inClosedRange("arena_games", arenaGames, 0, 1e9);
        ConfigChecks.inClosedRange("arena_threshold", arenaThreshold, 0, 1);
        ConfigChecks.inClosedRange("arena_opening_moves", arenaOpeningMoves, 0, 1e9);
        ConfigChecks.positive("eval_simulations", evalSimulations);
        ConfigChecks.inClosedRange("threads", threads, 1, 256);
        ConfigChecks.inClosedRange("random_opening_moves", randomOpeningMoves, 0, 1e9);
    }

    /**
     * Sized for tic-tac-toe: 50 games of 50 simulations per iteration, 20 steps of 128 positions, Adam 1e-3, L2 1e-4,
     * [64, 64] ReLU, no arena, one thread, no tree reuse, no random openings, stones only.
     */
    public static AlphaZeroConfig defaults() {
        return new AlphaZeroConfig(50, 50, 1.5, 0.25, 1.0, 2, 20_000, 128, 20, new Schedule.Constant(1e-3), 1e-4, 1.0,
                List.of(64, 64), Activation.RELU, Precision.FLOAT32, 0, 0.55, 2, 100, 1, false, 0, false);
    }

    /** The self-play search: PUCT with Dirichlet root noise. */
    public MctsConfig selfPlaySearch() {
        return playSearch(simulations).withRootNoise(rootNoise, dirichletAlpha);
    }

    /** The search of the trained agent: PUCT without noise, {@code simulations} per move. */
    public MctsConfig playSearch(int simulations) {
        return new MctsConfig(simulations, cPuct, 1.0, 10_000).withTreeReuse(reuseTree);
    }

    /** The arena's search: PUCT without noise at the self-play budget. */
    public MctsConfig arenaSearch() {
        return playSearch(simulations);
    }
}
