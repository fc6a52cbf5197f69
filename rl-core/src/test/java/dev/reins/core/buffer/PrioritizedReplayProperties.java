package dev.reins.core.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.random.Rng;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PrioritizedReplayProperties {

    @Property
    void sumTreeKeepsSumsMinimaAndFindsPrefixes(@ForAll @Size(min = 1, max = 70) double[] raw, @ForAll long seed) {
        double[] values = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            values[i] = Double.isFinite(raw[i]) ? Math.abs(raw[i]) % 100 : 1;
        }
        values[0] += 0.5; // at least one positive leaf
        SumTree tree = new SumTree(values.length);
        double total = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            tree.set(i, values[i]);
            total += values[i];
            min = Math.min(min, values[i]);
        }
        assertEquals(total, tree.total(), 1e-9 * Math.max(1, total));
        assertEquals(min, tree.min());
        Rng rng = new Rng(seed);
        for (int k = 0; k < 30; k++) {
            double prefix = rng.nextDouble() * total;
            int found = tree.find(prefix);
            // Linear scan: the first leaf whose cumulative sum exceeds the prefix.
            double cumulative = 0;
            int expected = -1;
            for (int i = 0; i < values.length; i++) {
                cumulative += values[i];
                if (prefix < cumulative) {
                    expected = i;
                    break;
                }
            }
            if (expected >= 0 && Math.abs(prefix - cumulative) > 1e-9) {
                assertEquals(expected, found, "prefix " + prefix);
            }
            assertTrue(values[found] > 0, "never lands on a zero leaf");
        }
    }

    @Property(tries = 30)
    void weightsFollowTheImportanceSamplingFormula(@ForAll @IntRange(min = 2, max = 40) int n,
            @ForAll @DoubleRange(min = 0, max = 1) double alpha, @ForAll @DoubleRange(min = 0, max = 1) double beta,
            @ForAll long seed) {
        PrioritizedReplayBuffer buffer = new PrioritizedReplayBuffer(64, 1, 1, alpha, 1e-6);
        for (int i = 0; i < n; i++) {
            buffer.add(new float[] {i}, new float[] {0}, i, new float[] {i}, false, 0.99f);
        }
        int[] slots = new int[n];
        double[] errors = new double[n];
        Rng rng = new Rng(seed);
        for (int i = 0; i < n; i++) {
            slots[i] = i;
            errors[i] = rng.nextDouble() * 3;
        }
        buffer.updatePriorities(slots, errors, n);
        double total = 0;
        double minP = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double p = Math.pow(Math.abs(errors[i]) + 1e-6, alpha);
            total += p;
            minP = Math.min(minP, p);
        }
        for (int i = 0; i < n; i++) {
            double expected = Math.pow(Math.abs(errors[i]) + 1e-6, alpha) / total;
            assertEquals(expected, buffer.probability(i), 1e-9, "P(i) = p_i^α / Σ p^α");
        }
        ReplayBatch batch = new ReplayBatch(16, 1, 1);
        buffer.sample(rng, batch, beta);
        double maxWeight = Math.pow(n * minP / total, -beta);
        for (int b = 0; b < batch.size; b++) {
            int slot = batch.indices[b];
            double expected = Math.pow(n * buffer.probability(slot), -beta) / maxWeight;
            assertEquals(expected, batch.weights[b], 1e-5, "w = (N·P)^-β / max w");
            assertTrue(batch.weights[b] > 0 && batch.weights[b] <= 1 + 1e-6);
        }
    }

    @Example
    void samplingFrequenciesAreProportionalToPriorities() {
        PrioritizedReplayBuffer buffer = new PrioritizedReplayBuffer(4, 1, 1, 1.0, 1e-9);
        for (int i = 0; i < 4; i++) {
            buffer.add(new float[] {i}, new float[] {0}, i, new float[] {i}, false, 0.99f);
        }
        buffer.updatePriorities(new int[] {0, 1, 2, 3}, new double[] {1, 2, 3, 4}, 4);
        ReplayBatch batch = new ReplayBatch(10, 1, 1);
        int[] counts = new int[4];
        Rng rng = new Rng(9);
        int draws = 0;
        for (int k = 0; k < 20_000; k++) {
            buffer.sample(rng, batch, 0.4);
            for (int b = 0; b < batch.size; b++) {
                counts[batch.indices[b]]++;
                draws++;
            }
        }
        for (int i = 0; i < 4; i++) {
            assertEquals((i + 1) / 10.0, counts[i] / (double) draws, 0.005, "slot " + i);
        }
    }
}
