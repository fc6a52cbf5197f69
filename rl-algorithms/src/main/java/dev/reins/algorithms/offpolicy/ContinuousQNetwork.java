package dev.reins.algorithms.offpolicy;

import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.Network;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.nn.Initialization;
import dev.reins.algorithms.nn.Mlp;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import java.util.random.RandomGenerator;

/**
 * Q(s, a) for continuous actions: an MLP on the concatenation [s, a] with one output. Its gradient with respect to the
 * action input, {@code ∂Q/∂a}, is what drives the deterministic actor (DDPG, TD3) and SAC's actor.
 *
 * <pre>{@code
 * q.forward(obs, actions, b, values, true);
 * q.backward(dLossdQ);                           // parameter gradients accumulate (a critic update)
 * q.actionGradient(dLossdQ, actionGradient, b);   // ∂Loss/∂a only (an actor update)
 * }</pre>
 */
public final class ContinuousQNetwork implements Checkpointable {
    private final Network net;
    private final int obsDim;
    private final int actionDim;
    private final double[] input;
    private final double[] inputGradient;

    public ContinuousQNetwork(int obsDim, int actionDim, int[] hidden, Activation activation, Precision precision,
            NetworkBackend backend, int maxBatch, RandomGenerator init) {
        this(backend.network(Mlp.builder(obsDim + actionDim, 1).hidden(hidden).activation(activation).init(Initialization.PYTORCH, 1, 1)
                .maxBatch(maxBatch).precision(precision).build(init)), obsDim, actionDim, maxBatch);
    }

    private ContinuousQNetwork(Network net, int obsDim, int actionDim, int maxBatch) {
        this.net = net;
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        this.input = new double[maxBatch * (obsDim + actionDim)];
        this.inputGradient = new double[maxBatch * (obsDim + actionDim)];
    }

    public Network network() {
        return net;
    }

    /** A copy with the same parameters (a target network). */
    public ContinuousQNetwork copy() {
        return new ContinuousQNetwork(net.copy(), obsDim, actionDim, input.length / (obsDim + actionDim));
    }

    /** Q of {@code b} rows: observations {@code [b × obsDim]} (float) and actions {@code [b × actionDim]} in [−1, 1]. */
    public void forward(float[] obs, double[] actions, int b, double[] out, boolean training) {
        int width = obsDim + actionDim;
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < obsDim; j++) {
                input[r * width + j] = obs[r * obsDim + j];
            }
            System.arraycopy(actions, r * actionDim, input, r * width + obsDim, actionDim);
        }
        net.forward(input, b, out, training);
    }

    /** As {@link #forward(float[], double[], int, double[], boolean)} with actions stored as floats (the replay batch's). */
    public void forward(float[] obs, float[] actions, int b, double[] out, boolean training) {
        int width = obsDim + actionDim;
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < obsDim; j++) {
                input[r * width + j] = obs[r * obsDim + j];
            }
            for (int j = 0; j < actionDim; j++) {
                input[r * width + obsDim + j] = actions[r * actionDim + j];
            }
        }
        net.forward(input, b, out, training);
    }

    /** Accumulates the parameter gradients of dLoss/dQ (one per row of the last training forward): a critic update. */
    public void backward(double[] dQ) {
        net.backward(dQ, null);
    }

    /**
     * Writes dLoss/da for dLoss/dQ of the last training forward without touching the parameter gradients (the actor
     * updates of DDPG, TD3 and SAC move the actor only).
     */
    public void actionGradient(double[] dQ, double[] actionGradient, int b) {
        net.inputGradient(dQ, inputGradient);
        int width = obsDim + actionDim;
        for (int r = 0; r < b; r++) {
            System.arraycopy(inputGradient, r * width + obsDim, actionGradient, r * actionDim, actionDim);
        }
    }

    @Override
    public void save(CheckpointWriter w, String prefix) {
        net.save(w, prefix);
    }

    @Override
    public void load(CheckpointReader r, String prefix) {
        net.load(r, prefix);
    }
}
