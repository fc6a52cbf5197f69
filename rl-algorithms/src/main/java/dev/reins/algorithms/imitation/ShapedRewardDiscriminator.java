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
 * AIRL's discriminator (Fu, Luo &amp; Levine, 2018): D = exp(f) / (exp(f) + π(a|s)) with the shaped reward
 * {@code f(s, s') = g(s) + γ·h(s') − h(s)}, so {@code logit = f − log π(a|s)}. g is the recovered, state-only reward
 * and h a potential; the generator is paid {@code log D − log(1 − D) = logit}.
 *
 * <p>Episodes that terminate would otherwise pay nothing after their end, so a generator whose rewards are negative
 * would learn to end episodes early (CartPole: fall at once). As in DAC (Kostrikov et al., 2019), a terminal transition
 * leads instead to an absorbing state s_a — the state features with one more indicator input set to 1 — whose rewards
 * the discriminator learns like any other; the generator is paid the discounted tail {@code γ/(1−γ)·logit(s_a → s_a)}
 * on a terminal transition (its value network stops there).
 */
public final class ShapedRewardDiscriminator implements Discriminator {
    private final Mlp reward;
    private final Mlp potential;
    private final int stateDim;
    private final int inputDim;
    private final double gamma;
    private final double[] gIn;
    private final double[] g;
    private final double[] hIn;
    private final double[] h;
    private final double[] dH;

    public ShapedRewardDiscriminator(int stateDim, double gamma, int[] hidden, Activation activation, Precision precision, int maxBatch,
            RandomGenerator init) {
        if (!(gamma < 1)) {
            throw new IllegalArgumentException("AIRL's absorbing state needs gamma < 1, got " + gamma);
        }
        this.stateDim = stateDim;
        this.inputDim = stateDim + 1;
        this.gamma = gamma;
        this.reward = Mlp.builder(inputDim, 1).hidden(hidden).activation(activation).init(Initialization.ORTHOGONAL, Math.sqrt(2), 1.0)
                .maxBatch(maxBatch).precision(precision).build(init);
        this.potential = Mlp.builder(inputDim, 1).hidden(hidden).activation(activation)
                .init(Initialization.ORTHOGONAL, Math.sqrt(2), 1.0).maxBatch(2 * maxBatch).precision(precision).build(init);
        this.gIn = new double[maxBatch * inputDim];
        this.g = new double[maxBatch];
        this.hIn = new double[2 * maxBatch * inputDim];
        this.h = new double[2 * maxBatch];
        this.dH = new double[2 * maxBatch];
    }

    /** Writes a network input row: the state's features and the absorbing indicator 0, or s_a (zeros and 1). */
    private void row(double[] dst, int dstRow, double[] src, int srcRow, boolean absorbing) {
        int o = dstRow * inputDim;
        if (absorbing) {
            java.util.Arrays.fill(dst, o, o + stateDim, 0.0);
            dst[o + stateDim] = 1;
        } else {
            System.arraycopy(src, srcRow * stateDim, dst, o, stateDim);
            dst[o + stateDim] = 0;
        }
    }

    @Override
    public void logits(TransitionBatch batch, int n, double[] out, boolean training) {
        for (int r = 0; r < n; r++) {
            row(gIn, r, batch.states, r, batch.absorbing[r]);
            row(hIn, r, batch.states, r, batch.absorbing[r]);
            row(hIn, n + r, batch.nextStates, r, batch.absorbing[r] || batch.terminal[r]);
        }
        reward.forward(gIn, n, g, training);
        potential.forward(hIn, 2 * n, h, training); // h of s and s' in one forward, so that one backward serves both
        for (int r = 0; r < n; r++) {
            out[r] = g[r] + gamma * h[n + r] - h[r] - batch.logPi[r];
        }
    }

    /** The recovered reward g(s) of {@code n} state rows. */
    public void stateRewards(double[] states, int n, double[] out) {
        double[] in = new double[n * inputDim];
        for (int r = 0; r < n; r++) {
            row(in, r, states, r, false);
        }
        reward.forward(in, n, out, false);
    }

    @Override
    public void backward(double[] dLogits, int n) {
        reward.backward(dLogits, null);
        for (int r = 0; r < n; r++) {
            dH[r] = -dLogits[r];
            dH[n + r] = gamma * dLogits[r];
        }
        potential.backward(dH, null);
    }

    @Override
    public double reward(double logit) {
        return logit;
    }

    @Override
    public double terminalBonus() {
        double[] sa = new double[inputDim];
        sa[stateDim] = 1;
        double[] gOut = new double[1];
        double[] hOut = new double[1];
        reward.forward(sa, 1, gOut, false);
        potential.forward(sa, 1, hOut, false);
        double absorbingLogit = gOut[0] + (gamma - 1) * hOut[0];
        return gamma / (1 - gamma) * absorbingLogit;
    }

    @Override
    public List<Mlp> networks() {
        return List.of(reward, potential);
    }

    @Override
    public boolean needsLogPi() {
        return true;
    }

    @Override
    public boolean absorbingTerminals() {
        return true;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        reward.save(out, prefix + "g.");
        potential.save(out, prefix + "h.");
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        reward.load(in, prefix + "g.");
        potential.load(in, prefix + "h.");
    }
}
