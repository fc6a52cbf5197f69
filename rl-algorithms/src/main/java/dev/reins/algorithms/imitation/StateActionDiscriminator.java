package dev.reins.algorithms.imitation;

import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.Initialization;
import dev.reins.algorithms.nn.Mlp;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * GAIL's discriminator (Ho &amp; Ermon, 2016): an MLP on the state features and the action (one-hot when discrete),
 * D(s, a) = σ(logit). The generator's reward is −log(1 − D(s, a)) = softplus(logit): positive, larger where the
 * transition looks like the expert's.
 */
public final class StateActionDiscriminator implements Discriminator {
    private final Mlp network;
    private final int stateDim;
    private final int actionWidth;
    /** Discrete actions are one-hot over this many; 0 for continuous actions. */
    private final int discreteActions;
    private final double[] input;

    public StateActionDiscriminator(int stateDim, int actionWidth, int discreteActions, int[] hidden, Activation activation,
            Precision precision, int maxBatch, RandomGenerator init) {
        this.stateDim = stateDim;
        this.actionWidth = actionWidth;
        this.discreteActions = discreteActions;
        int in = stateDim + (discreteActions > 0 ? discreteActions : actionWidth);
        this.network = Mlp.builder(in, 1).hidden(hidden).activation(activation).init(Initialization.ORTHOGONAL, Math.sqrt(2), 1.0)
                .maxBatch(maxBatch).precision(precision).build(init);
        this.input = new double[maxBatch * in];
    }

    @Override
    public void logits(TransitionBatch batch, int n, double[] out, boolean training) {
        int in = network.inputSize();
        java.util.Arrays.fill(input, 0, n * in, 0.0);
        for (int r = 0; r < n; r++) {
            System.arraycopy(batch.states, r * stateDim, input, r * in, stateDim);
            if (discreteActions > 0) {
                input[r * in + stateDim + (int) batch.actions[r * actionWidth]] = 1;
            } else {
                for (int j = 0; j < actionWidth; j++) {
                    input[r * in + stateDim + j] = batch.actions[r * actionWidth + j];
                }
            }
        }
        network.forward(input, n, out, training);
    }

    @Override
    public void backward(double[] dLogits, int n) {
        network.backward(dLogits, null);
    }

    @Override
    public double reward(double logit) {
        return DiscriminatorLoss.softplus(logit);
    }

    @Override
    public List<Mlp> networks() {
        return List.of(network);
    }

    @Override
    public boolean needsLogPi() {
        return false;
    }

    @Override
    public boolean absorbingTerminals() {
        return false;
    }

    @Override
    public double terminalBonus() {
        return 0.0;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        network.save(out, prefix + "d.");
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        network.load(in, prefix + "d.");
    }
}
