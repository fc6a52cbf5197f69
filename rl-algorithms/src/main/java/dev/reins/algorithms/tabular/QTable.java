package dev.reins.algorithms.tabular;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.policy.QFunction;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Action values Q(s, a) for a finite MDP in one flat array.
 *
 * <pre>{@code
 * QTable q = new QTable(48, 4, 0.0);
 * q.set(36, 1, -12.5);
 * int greedy = q.greedyAction(36);
 * }</pre>
 */
public final class QTable implements QFunction<Integer>, Checkpointable {
    private final int numStates;
    private final int numActions;
    private final double[] values;

    public QTable(int numStates, int numActions, double initialValue) {
        if (numStates <= 0 || numActions <= 0) {
            throw new IllegalArgumentException("Q-table needs numStates > 0 and numActions > 0, got " + numStates + ", " + numActions);
        }
        this.numStates = numStates;
        this.numActions = numActions;
        this.values = new double[Math.multiplyExact(numStates, numActions)];
        Arrays.fill(values, initialValue);
    }

    public int numStates() {
        return numStates;
    }

    public int numActions() {
        return numActions;
    }

    public double get(int state, int action) {
        return values[state * numActions + action];
    }

    public void set(int state, int action, double value) {
        values[state * numActions + action] = value;
    }

    /** Q(s, a) += delta. */
    public void add(int state, int action, double delta) {
        values[state * numActions + action] += delta;
    }

    /** max_a Q(s, a). */
    public double max(int state) {
        int base = state * numActions;
        double best = values[base];
        for (int a = 1; a < numActions; a++) {
            best = Math.max(best, values[base + a]);
        }
        return best;
    }

    /** The greedy action, ties to the lowest index (deterministic, for evaluation). */
    public int greedyAction(int state) {
        int base = state * numActions;
        int best = 0;
        for (int a = 1; a < numActions; a++) {
            if (values[base + a] > values[base + best]) {
                best = a;
            }
        }
        return best;
    }

    /** A greedy action with ties broken uniformly at random (for exploration from equal initial values). */
    public int greedyActionRandomTies(int state, RandomGenerator rng) {
        int base = state * numActions;
        double best = max(state);
        int ties = 0;
        for (int a = 0; a < numActions; a++) {
            if (values[base + a] == best) {
                ties++;
            }
        }
        int pick = ties == 1 ? 0 : rng.nextInt(ties);
        for (int a = 0; a < numActions; a++) {
            if (values[base + a] == best && pick-- == 0) {
                return a;
            }
        }
        throw new IllegalStateException("unreachable: no maximal action in state " + state);
    }

    /** The number of actions tied at the maximum in {@code state}. */
    public int countGreedy(int state) {
        int base = state * numActions;
        double best = max(state);
        int ties = 0;
        for (int a = 0; a < numActions; a++) {
            if (values[base + a] == best) {
                ties++;
            }
        }
        return ties;
    }

    @Override
    public double[] qValues(Integer state) {
        return Arrays.copyOfRange(values, state * numActions, (state + 1) * numActions);
    }

    /** A copy of all values, row-major [state][action]. */
    public double[] toArray() {
        return values.clone();
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "q", values, numStates, numActions);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        System.arraycopy(in.doubles(prefix + "q", numStates, numActions), 0, values, 0, values.length);
    }
}
