package dev.reins.algorithms.dqn;

import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.Initialization;
import dev.reins.algorithms.nn.Mlp;
import dev.reins.algorithms.nn.Network;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Q(s, ·) as an MLP, optionally with a dueling head: the body outputs V(s) and A(s, ·), combined as
 * {@code Q = V + A − mean(A)} so V and A are identifiable.
 *
 * <pre>{@code
 * QNetwork q = new QNetwork(4, 2, List.of(64, 64), Activation.RELU, Precision.FLOAT32, NetworkBackend.JAVA, true, 256, rng);
 * q.forward(observations, batch, qValues, false);
 * }</pre>
 */
public final class QNetwork implements Checkpointable {
    private final Network body;
    private final boolean dueling;
    private final int actions;
    private final int maxBatch;
    private final double[] raw;
    private final double[] rawGradient;

    public QNetwork(int obsDim, int actions, List<Integer> hidden, Activation activation, Precision precision,
            NetworkBackend backend, boolean dueling, int maxBatch, RandomGenerator rng) {
        this(backend.network(Mlp.builder(obsDim, dueling ? actions + 1 : actions)
                .hidden(hidden.stream().mapToInt(Integer::intValue).toArray())
                .activation(activation)
                .precision(precision)
                .init(Initialization.PYTORCH, 1, 1)
                .maxBatch(maxBatch)
                .build(rng)), dueling, actions, maxBatch);
    }

    private QNetwork(Network body, boolean dueling, int actions, int maxBatch) {
        this.body = body;
        this.dueling = dueling;
        this.actions = actions;
        this.maxBatch = maxBatch;
        this.raw = new double[maxBatch * body.outputSize()];
        this.rawGradient = new double[maxBatch * body.outputSize()];
    }

    public int actions() {
        return actions;
    }

    /** The underlying network (its flat parameters and gradients). */
    public Network body() {
        return body;
    }

    /** Q-values of {@code batch} observations into {@code q} ({@code batch × actions}). */
    public void forward(double[] obs, int batch, double[] q, boolean training) {
        if (!dueling) {
            body.forward(obs, batch, q, training);
            return;
        }
        body.forward(obs, batch, raw, training);
        int width = actions + 1;
        for (int b = 0; b < batch; b++) {
            double v = raw[b * width];
            double mean = 0;
            for (int a = 0; a < actions; a++) {
                mean += raw[b * width + 1 + a];
            }
            mean /= actions;
            for (int a = 0; a < actions; a++) {
                q[b * actions + a] = v + raw[b * width + 1 + a] - mean;
            }
        }
    }

    /** Backpropagates dLoss/dQ of the last training forward of {@code batch} rows into the body's gradients. */
    public void backward(double[] qGradient, int batch) {
        if (!dueling) {
            body.backward(qGradient, null);
            return;
        }
        int width = actions + 1;
        for (int b = 0; b < batch; b++) {
            double sum = 0;
            for (int a = 0; a < actions; a++) {
                sum += qGradient[b * actions + a];
            }
            rawGradient[b * width] = sum; // dQ_a/dV = 1 for every a
            for (int a = 0; a < actions; a++) {
                rawGradient[b * width + 1 + a] = qGradient[b * actions + a] - sum / actions; // dQ_a/dA_c = [a = c] − 1/|A|
            }
        }
        body.backward(rawGradient, null);
    }

    /** A network with the same architecture and parameters (for the target network). */
    public QNetwork copy() {
        return new QNetwork(body.copy(), dueling, actions, maxBatch);
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        body.save(out, prefix);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        body.load(in, prefix);
    }
}
