package dev.reins.algorithms.alphazero;

import dev.reins.algorithms.mcts.Evaluator;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.Gradients;
import dev.reins.algorithms.nn.Mlp;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.nn.Network;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.game.BoardGame;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * AlphaZero's network f(s) = (p, v) behind the {@link Network} interface: the input is the board from the side of the
 * player to move as two planes (that player's stones, then the opponent's), optionally followed by the game's feature
 * planes ({@link BoardGame#features}, e.g. Connect Four's threats), the output one logit per move of the game
 * and one value logit; p is the softmax over the legal moves and v = tanh(value logit), the expected outcome for the
 * player to move. As an {@link Evaluator} it scores PUCT's leaves. Not thread-safe (the network keeps activations):
 * give each thread its own {@link #copy}.
 *
 * <pre>{@code
 * PolicyValueNetwork<ConnectFour.Board> net = PolicyValueNetwork.mlp(new ConnectFour(), true, List.of(256, 256), Activation.RELU,
 *         Precision.FLOAT32, 256, rng);
 * Mcts<ConnectFour.Board> search = new Mcts<>(game, MctsConfig.puct(200), net);
 * }</pre>
 */
public final class PolicyValueNetwork<S> implements Evaluator<S>, Checkpointable {
    private final BoardGame<S> game;
    private final boolean boardFeatures;
    private final Network network;
    private final double[] input;
    private final double[] output;

    /**
     * Wraps {@code network}, which must take {@link #inputSize} inputs and give {@code moves + 1} outputs; with
     * {@code boardFeatures} it sees the game's feature planes after the stones.
     */
    public PolicyValueNetwork(BoardGame<S> game, boolean boardFeatures, Network network) {
        if (network.inputSize() != inputSize(game, boardFeatures) || network.outputSize() != game.actionCount() + 1) {
            throw new IllegalArgumentException("a policy/value network for " + game.name() + " maps " + inputSize(game, boardFeatures)
                    + " inputs to " + (game.actionCount() + 1) + " outputs; this one maps " + network.inputSize() + " to "
                    + network.outputSize());
        }
        this.game = game;
        this.boardFeatures = boardFeatures;
        this.network = network;
        this.input = new double[network.inputSize()];
        this.output = new double[network.outputSize()];
    }

    /** An MLP with the given hidden widths, activation and precision, initialized from {@code rng}. */
    public static <S> PolicyValueNetwork<S> mlp(BoardGame<S> game, boolean boardFeatures, List<Integer> hidden, Activation activation,
            Precision precision, int maxBatch, RandomGenerator rng) {
        Mlp mlp = Mlp.builder(inputSize(game, boardFeatures), game.actionCount() + 1)
                .hidden(hidden.stream().mapToInt(Integer::intValue).toArray()).activation(activation).precision(precision)
                .maxBatch(maxBatch).build(rng);
        return new PolicyValueNetwork<>(game, boardFeatures, mlp);
    }

    /** Two planes of stones, and the game's feature planes with {@code boardFeatures}. */
    public static int inputSize(BoardGame<?> game, boolean boardFeatures) {
        return (2 + (boardFeatures ? game.featurePlanes() : 0)) * game.cellCount();
    }

    /** This network's input size. */
    public int inputSize() {
        return network.inputSize();
    }

    /** Writes the input planes of {@code cells} (seen by the player to move) at {@code offset}. */
    public void encode(int[] cells, double[] out, int offset) {
        int n = cells.length;
        for (int i = 0; i < n; i++) {
            out[offset + i] = cells[i] == 1 ? 1 : 0;
            out[offset + n + i] = cells[i] == 2 ? 1 : 0;
        }
        if (boardFeatures) {
            game.features(cells, out, offset + 2 * n);
        }
    }

    public BoardGame<S> game() {
        return game;
    }

    public Network network() {
        return network;
    }

    @Override
    public Evaluation evaluate(S state, List<Integer> legal) {
        encode(game.cells(state, game.playerToMove(state)), input, 0);
        network.forward(input, 1, output, false);
        double max = Double.NEGATIVE_INFINITY;
        for (int a : legal) {
            max = Math.max(max, output[a]);
        }
        double[] priors = new double[legal.size()];
        double sum = 0;
        for (int i = 0; i < priors.length; i++) {
            priors[i] = Math.exp(output[legal.get(i)] - max);
            sum += priors[i];
        }
        for (int i = 0; i < priors.length; i++) {
            priors[i] /= sum;
        }
        return new Evaluation(priors, Math.tanh(output[game.actionCount()]));
    }

    /** Another network of the same game with a copy of the parameters (for another thread, or the arena's champion). */
    public PolicyValueNetwork<S> copy() {
        return new PolicyValueNetwork<>(game, boardFeatures, network.copy());
    }

    /** Overwrites this network's parameters with {@code other}'s. */
    public void copyFrom(PolicyValueNetwork<S> other) {
        Gradients.copyInto(other.network.parameters(), network.parameters());
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        network.save(out, prefix);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        network.load(in, prefix);
    }
}
