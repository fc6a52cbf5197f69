package dev.reins.algorithms.tabular;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import java.util.Arrays;

/**
 * Eligibility traces e(s, a) over a Q-table, with the list of non-zero entries kept so that each update touches only
 * the pairs visited in the current episode rather than the whole table.
 */
final class EligibilityTraces {
    private final int numActions;
    private final double[] traces;
    private int[] active = new int[16];
    private int activeCount;

    EligibilityTraces(int numStates, int numActions) {
        this.numActions = numActions;
        this.traces = new double[numStates * numActions];
    }

    /** Marks (s, a) as visited: e ← 1 (replacing) or e ← e + 1 (accumulating). */
    void visit(int state, int action, boolean replacing) {
        int k = state * numActions + action;
        if (traces[k] == 0) {
            if (activeCount == active.length) {
                active = Arrays.copyOf(active, active.length * 2);
            }
            active[activeCount++] = k;
        }
        traces[k] = replacing ? 1 : traces[k] + 1;
    }

    /** Q += step · e for every traced pair, then e ← decay · e (decay 0 clears). */
    void applyAndDecay(QTable q, double step, double decay) {
        int kept = 0;
        for (int i = 0; i < activeCount; i++) {
            int k = active[i];
            q.add(k / numActions, k % numActions, step * traces[k]);
            traces[k] *= decay;
            if (traces[k] > 1e-12) {
                active[kept++] = k;
            } else {
                traces[k] = 0;
            }
        }
        activeCount = kept;
    }

    void clear() {
        for (int i = 0; i < activeCount; i++) {
            traces[active[i]] = 0;
        }
        activeCount = 0;
    }

    void save(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "traces", traces);
        out.putInts(prefix + "active", Arrays.copyOf(active, activeCount));
    }

    void load(CheckpointReader in, String prefix) {
        System.arraycopy(in.doubles(prefix + "traces", traces.length), 0, traces, 0, traces.length);
        int[] a = in.ints(prefix + "active");
        active = Arrays.copyOf(a, Math.max(16, a.length));
        activeCount = a.length;
    }
}
