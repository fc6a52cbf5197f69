package dev.reins.algorithms.offpolicy;

import dev.reins.algorithms.nn.ParallelFor;
import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.algorithms.nn.Adam;
import dev.reins.algorithms.nn.Gradients;
import dev.reins.core.buffer.ReplayBatch;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The critics of an off-policy actor-critic: one (DDPG) or two (TD3, SAC's clipped double Q) Q-networks on (s, a), each
 * with a Polyak-averaged target copy and its own Adam optimizer.
 *
 * <pre>{@code
 * CriticEnsemble critics = new CriticEnsemble(2, obsDim, actionDim, new int[] {64, 64}, Activation.RELU, Precision.FLOAT32,
 *         NetworkBackend.JAVA, 256, initRng, new ParallelFor(2));   // one critic per thread
 * critics.minTargetQ(batch.nextObservations, nextActions, b, y);   // min_i Q'_i(s', a')
 * // ... turn y into the TD target ...
 * CriticEnsemble.Update u = critics.regress(batch, y, 1.0, 1e-3);   // Adam on mean((Q_i(s, a) − y)²) for each i
 * critics.updateTargets(0.005);                                    // θ'_i ← τθ_i + (1 − τ)θ'_i
 * }</pre>
 */
public final class CriticEnsemble implements Checkpointable {
    private final ContinuousQNetwork[] critics;
    private final ContinuousQNetwork[] targets;
    private final Adam[] optimizers;
    private final int actionDim;
    private final ParallelFor parallel;
    private final double[][] q;
    private final double[][] qGradient;
    private final double[][] actionGradient;
    /** Per row, the critic with the smallest Q in the last {@link #minQWithActionGradient}. */
    private final int[] chosen;

    /** The loss (summed over the critics) and the mean Q (over rows and critics) of one {@link #regress} call. */
    public record Update(double loss, double meanQ) {}

    /**
     * {@code count} critics initialized in turn from {@code init}, targets equal to them; {@code maxBatch} bounds the
     * rows of any call; the critics' passes run on {@code parallel}'s threads (one critic per thread — the results are
     * the same bits for every thread count).
     */
    public CriticEnsemble(int count, int obsDim, int actionDim, int[] hidden, Activation activation, Precision precision,
            NetworkBackend backend, int maxBatch, RandomGenerator init, ParallelFor parallel) {
        if (count < 1) {
            throw new IllegalArgumentException("critic count must be >= 1, got " + count);
        }
        this.critics = new ContinuousQNetwork[count];
        this.targets = new ContinuousQNetwork[count];
        this.optimizers = new Adam[count];
        for (int i = 0; i < count; i++) {
            critics[i] = new ContinuousQNetwork(obsDim, actionDim, hidden, activation, precision, backend, maxBatch, init);
            targets[i] = critics[i].copy();
            // Inside this ensemble's own side-by-side calls a network's split falls back to one thread; outside them (an
            // actor update's Q and ∂Q/∂a) it splits.
            critics[i].network().parallel(parallel);
            targets[i].network().parallel(parallel);
            optimizers[i] = new Adam(critics[i].network().parameters().length, 0.9, 0.999, 1e-8);
        }
        this.actionDim = actionDim;
        this.parallel = parallel;
        this.q = new double[count][maxBatch];
        this.qGradient = new double[count][maxBatch];
        this.actionGradient = new double[count][maxBatch * actionDim];
        this.chosen = new int[maxBatch];
    }

    /** Online critic {@code i} (the actor update reads Q and ∂Q/∂a from it). */
    public ContinuousQNetwork critic(int i) {
        return critics[i];
    }

    /** {@code out[r] = min_i Q'_i(s'_r, a'_r)} over the target critics. */
    public void minTargetQ(float[] nextObservations, double[] nextActions, int b, double[] out) {
        parallel.run(targets.length, i -> targets[i].forward(nextObservations, nextActions, b, q[i], false));
        Arrays.fill(out, 0, b, Double.POSITIVE_INFINITY);
        for (int i = 0; i < targets.length; i++) {
            for (int r = 0; r < b; r++) {
                out[r] = Math.min(out[r], q[i][r]);
            }
        }
    }

    /**
     * One Adam step of every critic on {@code weight · mean_r (Q_i(s_r, a_r) − y_r)²} over the batch's stored
     * transitions (SB3: weight 1 for TD3/DDPG, ½ for SAC).
     */
    public Update regress(ReplayBatch batch, double[] y, double weight, double learningRate) {
        int b = batch.size;
        double gradientScale = 2 * weight;
        parallel.run(critics.length, i -> {
            critics[i].forward(batch.observations, batch.actions, b, q[i], true);
            for (int r = 0; r < b; r++) {
                qGradient[i][r] = gradientScale * (q[i][r] - y[r]) / b;
            }
            critics[i].network().zeroGradients();
            critics[i].backward(qGradient[i]);
            optimizers[i].step(critics[i].network().parameters(), critics[i].network().gradients(), learningRate);
        });
        // The reported loss and mean Q are summed here, critic after critic, so that they are one sum in one order
        // whatever thread ran each critic.
        double loss = 0;
        double qSum = 0;
        for (int i = 0; i < critics.length; i++) {
            for (int r = 0; r < b; r++) {
                double error = q[i][r] - y[r];
                loss += weight * error * error / b;
                qSum += q[i][r] / b / critics.length;
            }
        }
        return new Update(loss, qSum);
    }

    /**
     * For SAC's actor: {@code minQ[r] = min_i Q_i(s_r, a_r)} of the online critics and {@code dActions = scale · ∂minQ/∂a}
     * row by row, the gradient entering through each row's minimizing critic (the first on ties). The critics' parameter
     * gradients are not touched.
     */
    public void minQWithActionGradient(float[] obs, double[] actions, int b, double scale, double[] minQ, double[] dActions) {
        parallel.run(critics.length, i -> critics[i].forward(obs, actions, b, q[i], true));
        Arrays.fill(minQ, 0, b, Double.POSITIVE_INFINITY);
        Arrays.fill(chosen, 0, b, 0);
        for (int i = 0; i < critics.length; i++) {
            for (int r = 0; r < b; r++) {
                if (q[i][r] < minQ[r]) {
                    chosen[r] = i;
                }
                minQ[r] = Math.min(minQ[r], q[i][r]); // NaN stays NaN, for the caller's finiteness check
            }
        }
        parallel.run(critics.length, i -> {
            for (int r = 0; r < b; r++) {
                qGradient[i][r] = chosen[r] == i ? scale : 0.0;
            }
            critics[i].actionGradient(qGradient[i], actionGradient[i], b);
        });
        int width = b * actionDim;
        Arrays.fill(dActions, 0, width, 0.0);
        for (int i = 0; i < critics.length; i++) {
            for (int k = 0; k < width; k++) {
                dActions[k] += actionGradient[i][k];
            }
        }
    }

    /** Soft target update of every critic: θ'_i ← τθ_i + (1 − τ)θ'_i. */
    public void updateTargets(double tau) {
        parallel.run(critics.length, i -> Gradients.polyak(critics[i].network().parameters(), targets[i].network().parameters(), tau));
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        for (int i = 0; i < critics.length; i++) {
            critics[i].save(out, prefix + "critic" + i + ".");
            targets[i].save(out, prefix + "critic_target" + i + ".");
            optimizers[i].save(out, prefix + "critic_optimizer" + i + ".");
        }
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        for (int i = 0; i < critics.length; i++) {
            critics[i].load(in, prefix + "critic" + i + ".");
            targets[i].load(in, prefix + "critic_target" + i + ".");
            optimizers[i].load(in, prefix + "critic_optimizer" + i + ".");
        }
    }
}
