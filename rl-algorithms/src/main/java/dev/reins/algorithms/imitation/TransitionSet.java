package dev.reins.algorithms.imitation;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.demo.Trajectory;
import java.util.Arrays;
import java.util.List;

/**
 * Transitions flattened for minibatches — an expert's demonstrations, DAgger's labels, a generator's rollout: state
 * features, the action (a row of {@code actionWidth} floats: the index of a discrete action, the values of a
 * continuous one), the next state's features and whether that next state is terminal. Grows as DAgger aggregates new
 * labels; checkpointed whole.
 *
 * <pre>{@code
 * TransitionSet data = TransitionSet.of(demos, features, 1);
 * data.add(stateFeatures, new float[] {expertAction}, null, false);
 * }</pre>
 */
public final class TransitionSet implements Checkpointable {
    private final int featureDim;
    private final int actionWidth;
    private double[] features;
    private double[] nextFeatures;
    private float[] actions;
    private boolean[] terminal;
    private int size;

    public TransitionSet(int featureDim, int actionWidth) {
        this.featureDim = featureDim;
        this.actionWidth = actionWidth;
        this.features = new double[16 * featureDim];
        this.nextFeatures = new double[16 * featureDim];
        this.actions = new float[16 * actionWidth];
        this.terminal = new boolean[16];
    }

    /** Every transition of {@code trajectories}; the last of an episode that terminated leads to a terminal state. */
    public static TransitionSet of(List<? extends Trajectory<?, ?>> trajectories, ObservationFeatures encoder, int actionWidth) {
        TransitionSet data = new TransitionSet(encoder.dim(), actionWidth);
        double[] s = new double[encoder.dim()];
        double[] next = new double[encoder.dim()];
        float[] a = new float[actionWidth];
        for (Trajectory<?, ?> t : trajectories) {
            for (int i = 0; i < t.length(); i++) {
                encoder.encode(t.observations().get(i), s, 0);
                encoder.encode(t.observations().get(i + 1), next, 0);
                actionRow(t.actions().get(i), a);
                data.add(s, a, next, t.terminated() && i == t.length() - 1);
            }
        }
        return data;
    }

    /** An env action as a stored row: a discrete action's index, a continuous action's values. */
    public static void actionRow(Object action, float[] row) {
        if (action instanceof Integer i) {
            row[0] = i;
        } else {
            float[] x = (float[]) action;
            System.arraycopy(x, 0, row, 0, row.length);
        }
    }

    /**
     * The per-feature mean and standard deviation of the states (a standard deviation below 1e-6, e.g. of a one-hot
     * feature that never varies, is taken as 1), as {@code {mean, std}}.
     */
    public double[][] stateStatistics() {
        double[] mean = new double[featureDim];
        double[] std = new double[featureDim];
        for (int k = 0; k < size; k++) {
            for (int j = 0; j < featureDim; j++) {
                mean[j] += features[k * featureDim + j] / size;
            }
        }
        for (int k = 0; k < size; k++) {
            for (int j = 0; j < featureDim; j++) {
                double d = features[k * featureDim + j] - mean[j];
                std[j] += d * d / size;
            }
        }
        for (int j = 0; j < featureDim; j++) {
            std[j] = Math.sqrt(std[j]);
            if (std[j] < 1e-6) {
                std[j] = 1;
            }
        }
        return new double[][] {mean, std};
    }

    /** Standardizes every state and next state in place: {@code (x − mean) / std}. */
    public void standardize(double[] mean, double[] std) {
        for (int k = 0; k < size; k++) {
            for (int j = 0; j < featureDim; j++) {
                features[k * featureDim + j] = (features[k * featureDim + j] - mean[j]) / std[j];
                nextFeatures[k * featureDim + j] = (nextFeatures[k * featureDim + j] - mean[j]) / std[j];
            }
        }
    }

    /** Forgets every transition (the storage is kept). */
    public void clear() {
        size = 0;
    }

    /** Appends one transition ({@code next} may be null when only states and actions are needed). */
    public void add(double[] state, float[] action, double[] next, boolean terminalNext) {
        if (size == terminal.length) {
            int capacity = size * 2;
            features = Arrays.copyOf(features, capacity * featureDim);
            nextFeatures = Arrays.copyOf(nextFeatures, capacity * featureDim);
            actions = Arrays.copyOf(actions, capacity * actionWidth);
            terminal = Arrays.copyOf(terminal, capacity);
        }
        System.arraycopy(state, 0, features, size * featureDim, featureDim);
        if (next != null) {
            System.arraycopy(next, 0, nextFeatures, size * featureDim, featureDim);
        }
        System.arraycopy(action, 0, actions, size * actionWidth, actionWidth);
        terminal[size] = terminalNext;
        size++;
    }

    public int size() {
        return size;
    }

    public int featureDim() {
        return featureDim;
    }

    public int actionWidth() {
        return actionWidth;
    }

    /** Copies transition {@code k}'s state features, action and next features into row {@code row} of the batches. */
    public void copy(int k, double[] stateBatch, float[] actionBatch, double[] nextBatch, int row) {
        System.arraycopy(features, k * featureDim, stateBatch, row * featureDim, featureDim);
        System.arraycopy(actions, k * actionWidth, actionBatch, row * actionWidth, actionWidth);
        if (nextBatch != null) {
            System.arraycopy(nextFeatures, k * featureDim, nextBatch, row * featureDim, featureDim);
        }
    }

    /** Whether transition {@code k} leads to a terminal state. */
    public boolean terminal(int k) {
        return terminal[k];
    }

    /** The stored action row of transition {@code k} (a copy). */
    public float[] action(int k) {
        return Arrays.copyOfRange(actions, k * actionWidth, (k + 1) * actionWidth);
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putInts(prefix + "size", new int[] {size});
        out.putDoubles(prefix + "features", Arrays.copyOf(features, size * featureDim));
        out.putDoubles(prefix + "next_features", Arrays.copyOf(nextFeatures, size * featureDim));
        out.putFloats(prefix + "actions", Arrays.copyOf(actions, size * actionWidth));
        int[] t = new int[size];
        for (int i = 0; i < size; i++) {
            t[i] = terminal[i] ? 1 : 0;
        }
        out.putInts(prefix + "terminal", t);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        int n = in.ints(prefix + "size", 1)[0];
        int capacity = Math.max(16, n);
        features = Arrays.copyOf(in.doubles(prefix + "features", n * featureDim), capacity * featureDim);
        nextFeatures = Arrays.copyOf(in.doubles(prefix + "next_features", n * featureDim), capacity * featureDim);
        actions = Arrays.copyOf(in.floats(prefix + "actions", n * actionWidth), capacity * actionWidth);
        int[] t = in.ints(prefix + "terminal", n);
        terminal = new boolean[capacity];
        for (int i = 0; i < n; i++) {
            terminal[i] = t[i] != 0;
        }
        size = n;
    }
}
