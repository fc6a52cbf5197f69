package dev.reins.algorithms.grpo;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Minibatches over a batch of episodes, shared by GRPO and PPO-RLHF: the shuffled order of the episodes for each
 * epoch, the episodes of a minibatch, and the rows of a per-step array ([episodes, columns], as
 * {@link SequencePolicy.Scores} lays them out) that belong to it.
 *
 * <pre>{@code
 * EpisodeBatches.shuffle(order, rng);
 * int[] rows = Arrays.copyOfRange(order, from, to);
 * double[] oldLogp = EpisodeBatches.gather(old.logProbs(), old.columns(), rows, SequencePolicy.columns(batch));
 * }</pre>
 */
public final class EpisodeBatches {
    private EpisodeBatches() {}

    /** Fisher–Yates shuffle of {@code order} in place. */
    public static void shuffle(int[] order, RandomGenerator rng) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** The episodes at {@code rows}, in that order. */
    public static <O> List<Episode<O>> select(List<Episode<O>> episodes, int[] rows) {
        List<Episode<O>> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            out.add(episodes.get(r));
        }
        return out;
    }

    /** Rows {@code rows} of a [*, fromColumns] array, cut or zero-padded to {@code columns}. */
    public static double[] gather(double[] values, int fromColumns, int[] rows, int columns) {
        double[] out = new double[rows.length * columns];
        int c = Math.min(columns, fromColumns);
        for (int b = 0; b < rows.length; b++) {
            System.arraycopy(values, rows[b] * fromColumns, out, b * columns, c);
        }
        return out;
    }
}
