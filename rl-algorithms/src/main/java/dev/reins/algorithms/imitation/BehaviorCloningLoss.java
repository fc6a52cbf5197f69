package dev.reins.algorithms.imitation;

import dev.reins.algorithms.common.ActorCritic;
import dev.reins.algorithms.common.PolicyGradientMath;
import dev.reins.algorithms.nn.Adam;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Fits a policy to expert labels by maximum likelihood, one minibatch a step:
 *
 * <pre>
 * loss = −mean log π(a_expert | s) − ent_coef · mean H(π(·|s)) + ½ l2_coef · ‖θ‖²
 * </pre>
 *
 * cross-entropy for discrete actions, the Gaussian log-likelihood for continuous ones (SB3/imitation's {@code BC}).
 * Shared by behaviour cloning, DAgger and GAIL's warm start; the policy is an {@link ActorCritic}'s.
 *
 * <pre>{@code
 * BehaviorCloningLoss bc = new BehaviorCloningLoss(actorCritic, 64, 0.0, 1e-5);
 * Map<String, Double> m = bc.step(data, rng, 1e-3);   // bc_loss, bc_neg_log_likelihood, bc_entropy, bc_accuracy
 * }</pre>
 */
public final class BehaviorCloningLoss implements Checkpointable {
    private final ActorCritic policy;
    private final int batchSize;
    private final double entCoef;
    private final double l2Coef;
    private final Adam networkOptimizer;
    private final Adam logStdOptimizer;
    private final double[] states;
    private final float[] actions;
    private final double[] logProbs;
    private final double[] entropies;
    private final double[] dLogProbs;
    private final double[] dEntropies;

    public BehaviorCloningLoss(ActorCritic policy, int batchSize, double entCoef, double l2Coef) {
        if (batchSize > policy.maxBatch()) {
            throw new IllegalArgumentException("batch_size " + batchSize + " exceeds the policy's largest batch " + policy.maxBatch());
        }
        this.policy = policy;
        this.batchSize = batchSize;
        this.entCoef = entCoef;
        this.l2Coef = l2Coef;
        this.networkOptimizer = new Adam(policy.policyNetwork().parameters().length, 0.9, 0.999, 1e-8);
        this.logStdOptimizer = new Adam(policy.logStd().length, 0.9, 0.999, 1e-8);
        int inputs = policy.policyNetwork().inputSize();
        this.states = new double[batchSize * inputs];
        this.actions = new float[batchSize * policy.actionWidth()];
        this.logProbs = new double[batchSize];
        this.entropies = new double[batchSize];
        this.dLogProbs = new double[batchSize];
        this.dEntropies = new double[batchSize];
    }

    /** One gradient step on a minibatch drawn uniformly (with replacement) from {@code data}; returns its metrics. */
    public Map<String, Double> step(TransitionSet data, RandomGenerator rng, double learningRate) {
        int b = batchSize;
        for (int r = 0; r < b; r++) {
            data.copy(rng.nextInt(data.size()), states, actions, null, r);
        }
        double loss = lossAndGradient(b);
        PolicyGradientMath.checkFinite("behaviour cloning", loss, 0);
        networkOptimizer.step(policy.policyNetwork().parameters(), policy.policyNetwork().gradients(), learningRate);
        if (policy.continuous()) {
            logStdOptimizer.step(policy.logStd(), policy.logStdGradient(), learningRate);
        }
        double nll = 0;
        double entropy = 0;
        for (int r = 0; r < b; r++) {
            nll -= logProbs[r] / b;
            entropy += entropies[r] / b;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("bc_loss", loss);
        metrics.put("bc_neg_log_likelihood", nll);
        metrics.put("bc_entropy", entropy);
        metrics.put("bc_accuracy", policy.continuous() ? Double.NaN : accuracy(b));
        return metrics;
    }

    /**
     * The loss of the first {@code b} rows of the batch buffers and its gradient in the policy's gradient buffers (for
     * the finite-difference test).
     */
    double lossAndGradient(int b) {
        policy.evaluate(states, b, actions, logProbs, entropies);
        double loss = 0;
        for (int r = 0; r < b; r++) {
            loss += (-logProbs[r] - entCoef * entropies[r]) / b;
            dLogProbs[r] = -1.0 / b;
            dEntropies[r] = -entCoef / b;
        }
        policy.zeroPolicyGradients();
        policy.backwardPolicy(dLogProbs, dEntropies);
        double[] p = policy.policyNetwork().parameters();
        double[] g = policy.policyNetwork().gradients();
        for (int i = 0; i < p.length; i++) {
            loss += 0.5 * l2Coef * p[i] * p[i];
            g[i] += l2Coef * p[i];
        }
        return loss;
    }

    /** Fills the batch buffers with rows of {@code data} (for the finite-difference test). */
    void fill(TransitionSet data, int[] rows) {
        for (int r = 0; r < rows.length; r++) {
            data.copy(rows[r], states, actions, null, r);
        }
    }

    private double accuracy(int b) {
        double[] logits = policy.lastOutputs();
        int n = policy.outputs();
        int correct = 0;
        for (int r = 0; r < b; r++) {
            int best = 0;
            for (int a = 1; a < n; a++) {
                if (logits[r * n + a] > logits[r * n + best]) {
                    best = a;
                }
            }
            correct += best == (int) actions[r] ? 1 : 0;
        }
        return (double) correct / b;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        networkOptimizer.save(out, prefix + "bc_optimizer.");
        logStdOptimizer.save(out, prefix + "bc_log_std_optimizer.");
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        networkOptimizer.load(in, prefix + "bc_optimizer.");
        logStdOptimizer.load(in, prefix + "bc_log_std_optimizer.");
    }
}
