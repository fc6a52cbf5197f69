package dev.reins.core.buffer;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import java.util.random.RandomGenerator;

/**
 * Proportional prioritized experience replay (Schaul et al., 2016). Transition i is drawn with probability
 * {@code P(i) = p_i^α / Σ_k p_k^α}, where {@code p_i = |δ_i| + ε} after its TD error is known and the largest
 * priority so far when it is new. Importance weights {@code w_i = (N·P(i))^{−β}} are divided by the largest possible
 * weight {@code (N·P_min)^{−β}} so they lie in (0, 1]. Sampling is stratified: the priority mass is cut into
 * {@code batch} equal segments and one transition is drawn from each.
 *
 * <pre>{@code
 * PrioritizedReplayBuffer buffer = new PrioritizedReplayBuffer(100_000, 4, 1, 0.6, 1e-6);
 * buffer.sample(rng, batch, beta);
 * buffer.updatePriorities(batch.indices, tdErrors, batch.size);
 * }</pre>
 */
public final class PrioritizedReplayBuffer extends ReplayBuffer {
    private final SumTree tree;
    private final double alpha;
    private final double epsilon;
    private double maxPriority = 1.0;

    /**
     * @param alpha how much prioritization is used (0 = uniform)
     * @param epsilon added to |δ| so no transition has zero probability
     */
    public PrioritizedReplayBuffer(int capacity, int obsDim, int actionDim, double alpha, double epsilon) {
        super(capacity, obsDim, actionDim);
        if (!(alpha >= 0)) {
            throw new IllegalArgumentException("prioritized replay alpha must be >= 0, got " + alpha);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("prioritized replay epsilon must be > 0, got " + epsilon);
        }
        this.tree = new SumTree(capacity);
        this.alpha = alpha;
        this.epsilon = epsilon;
    }

    @Override
    protected void onAdd(int slot) {
        tree.set(slot, Math.pow(maxPriority, alpha));
    }

    /** P(i) for a stored slot. */
    public double probability(int slot) {
        return tree.get(slot) / tree.total();
    }

    /** Uniform sampling is replaced by prioritized sampling with β = 1 (full correction). */
    @Override
    public void sample(RandomGenerator rng, ReplayBatch batch) {
        sample(rng, batch, 1.0);
    }

    /** Fills {@code batch} by stratified proportional sampling with importance weights for exponent {@code beta}. */
    public void sample(RandomGenerator rng, ReplayBatch batch, double beta) {
        requireSamplable(batch);
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("prioritized replay beta must be in [0, 1], got " + beta);
        }
        double total = tree.total();
        double segment = total / batch.size;
        int n = size();
        double maxWeight = Math.pow(n * tree.min() / total, -beta);
        for (int b = 0; b < batch.size; b++) {
            double prefix = (b + rng.nextDouble()) * segment;
            int slot = tree.find(Math.min(prefix, Math.nextDown(total)));
            copyRow(slot, b, batch);
            double p = tree.get(slot) / total;
            batch.weights[b] = (float) (Math.pow(n * p, -beta) / maxWeight);
        }
    }

    /** Sets the priorities of the first {@code count} {@code slots} from their TD errors. */
    public void updatePriorities(int[] slots, double[] tdErrors, int count) {
        for (int i = 0; i < count; i++) {
            double p = Math.abs(tdErrors[i]) + epsilon;
            if (!Double.isFinite(p)) {
                throw new IllegalArgumentException("TD error for slot " + slots[i] + " is not finite: " + tdErrors[i]);
            }
            maxPriority = Math.max(maxPriority, p);
            tree.set(slots[i], Math.pow(p, alpha));
        }
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        super.save(out, prefix);
        double[] priorities = new double[size()];
        for (int i = 0; i < priorities.length; i++) {
            priorities[i] = tree.get(i);
        }
        out.putDoubles(prefix + "priorities", priorities);
        out.putDoubles(prefix + "max_priority", new double[] {maxPriority});
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        super.load(in, prefix);
        double[] priorities = in.doubles(prefix + "priorities", size());
        for (int i = 0; i < priorities.length; i++) {
            tree.set(i, priorities[i]);
        }
        maxPriority = in.doubles(prefix + "max_priority", 1)[0];
    }
}
