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

    /**
     * {@code k} distinct positions out of [0, n), drawn uniformly in order (a partial Fisher–Yates shuffle: the first
     * {@code k} positions of a shuffle of 0..n−1), for drawing without replacement from a buffer.
     */
    public static int[] drawDistinct(int n, int k, RandomGenerator rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return java.util.Arrays.copyOf(order, k);
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

    /**
     * {@code policy}'s scores of every episode, computed {@code chunk} episodes at a time and laid out over all of them
     * ([episodes, longest episode]). One pass over a whole iteration holds [episodes × length × vocabulary] logits at
     * once — 6.6 GB for 128 GPT-2 completions of 256 tokens — a chunk of a minibatch's size only its share.
     */
    public static <O> SequencePolicy.Scores scoreInChunks(SequencePolicy<O> policy, List<Episode<O>> episodes, int chunk) {
        int n = episodes.size();
        if (n <= chunk) {
            return policy.score(episodes);
        }
        int columns = SequencePolicy.columns(episodes);
        double[] logProbs = new double[n * columns];
        double[] entropies = new double[n * columns];
        for (int from = 0; from < n; from += chunk) {
            List<Episode<O>> part = episodes.subList(from, Math.min(n, from + chunk));
            SequencePolicy.Scores s = policy.score(part);
            int c = Math.min(s.columns(), columns);
            for (int r = 0; r < part.size(); r++) {
                System.arraycopy(s.logProbs(), r * s.columns(), logProbs, (from + r) * columns, c);
                System.arraycopy(s.entropies(), r * s.columns(), entropies, (from + r) * columns, c);
            }
        }
        return new SequencePolicy.Scores(logProbs, entropies, n, columns);
    }
}
