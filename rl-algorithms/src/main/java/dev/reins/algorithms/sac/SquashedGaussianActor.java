package dev.reins.algorithms.sac;

import dev.reins.algorithms.nn.Adam;
import dev.reins.algorithms.nn.Network;
import dev.reins.algorithms.nn.SquashedGaussianHead;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import java.util.random.RandomGenerator;

/**
 * SAC's standard policy: one network whose outputs are the means and log-stds of a Gaussian, squashed by tanh
 * ({@link SquashedGaussianHead}); fresh noise for every action.
 */
final class SquashedGaussianActor implements SacActor {
    private final Network network;
    private final Adam optimizer;
    private final int actionDim;
    private final double[] outputs;
    private final double[] noise;
    private final double[] actions;
    private final double[] outputGradient;
    private final double[] nextOutputs;
    private final double[] nextNoise;

    SquashedGaussianActor(Network network, int actionDim, int maxBatch) {
        this.network = network;
        this.actionDim = actionDim;
        this.optimizer = new Adam(network.parameters().length, 0.9, 0.999, 1e-8);
        this.outputs = new double[maxBatch * 2 * actionDim];
        this.noise = new double[maxBatch * actionDim];
        this.actions = new double[maxBatch * actionDim];
        this.outputGradient = new double[maxBatch * 2 * actionDim];
        this.nextOutputs = new double[maxBatch * 2 * actionDim];
        this.nextNoise = new double[maxBatch * actionDim];
    }

    Network network() {
        return network;
    }

    @Override
    public void explore(double[] obsRows, int n, RandomGenerator rng, double[] out) {
        network.forward(obsRows, n, outputs, false);
        for (int i = 0; i < n; i++) {
            SquashedGaussianHead.sample(outputs, i, actionDim, rng, noise, out);
        }
    }

    @Override
    public void startRollout(RandomGenerator rng) {}

    @Override
    public void startGradientStep(RandomGenerator rng) {}

    @Override
    public void sampleTarget(double[] obsRows, int b, RandomGenerator rng, double[] out, double[] logProbs) {
        network.forward(obsRows, b, nextOutputs, false);
        for (int r = 0; r < b; r++) {
            logProbs[r] = SquashedGaussianHead.sample(nextOutputs, r, actionDim, rng, nextNoise, out);
        }
    }

    @Override
    public void sampleForUpdate(double[] obsRows, int b, RandomGenerator rng, double[] out, double[] logProbs) {
        network.forward(obsRows, b, outputs, true);
        for (int r = 0; r < b; r++) {
            logProbs[r] = SquashedGaussianHead.sample(outputs, r, actionDim, rng, noise, actions);
        }
        System.arraycopy(actions, 0, out, 0, b * actionDim);
    }

    @Override
    public void update(double dLogp, double[] dActions, int b, double learningRate) {
        for (int r = 0; r < b; r++) {
            SquashedGaussianHead.backward(outputs, r, actionDim, noise, actions, dLogp, dActions, outputGradient);
        }
        network.zeroGradients();
        network.backward(outputGradient, null);
        optimizer.step(network.parameters(), network.gradients(), learningRate);
    }

    @Override
    public void mode(double[] obs, double[] action) {
        double[] out = new double[2 * actionDim];
        network.forward(obs, 1, out, false);
        SquashedGaussianHead.mode(out, 0, actionDim, action);
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        network.save(out, prefix + "actor.");
        optimizer.save(out, prefix + "actor_optimizer.");
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        network.load(in, prefix + "actor.");
        optimizer.load(in, prefix + "actor_optimizer.");
    }
}
