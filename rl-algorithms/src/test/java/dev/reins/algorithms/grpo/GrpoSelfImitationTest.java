package dev.reins.algorithms.grpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.grpo.GrpoTest.PatternEnv;
import dev.reins.algorithms.grpo.GrpoTest.TablePolicy;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.random.Rng;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GRPO's self-imitation: episodes that beat their group by a wide margin are kept and replayed with a log-likelihood
 * term, which is what still pulls on a start whose groups have stopped finding the right answer.
 */
class GrpoSelfImitationTest {
    private static final int LENGTH = 4;
    private static final int[] PATTERN_2 = {1, 1, 0, 0};

    /** Every pattern certain to fail except pattern 2, whose first bit is right about one time in four. */
    private static TablePolicy rareSuccessesOnPatternTwo() {
        TablePolicy table = new TablePolicy();
        int[][] targets = {{1, 0, 1, 1}, {0, 0, 1, 0}, PATTERN_2, {0, 1, 0, 1}};
        for (int p = 0; p < 4; p++) {
            for (int t = 0; t < LENGTH; t++) {
                int k = (p * LENGTH + t) * 2 + targets[p][t];
                table.theta[k] = p != 2 && t == 0 ? -50 : p == 2 && t == 0 ? -1 : 50;
            }
        }
        return table;
    }

    private static int firstBitIndex() {
        return (2 * LENGTH) * 2 + PATTERN_2[0];
    }

    /** Records what each gradient call was given. */
    private static final class Recording extends GrpoTest.Delegating {
        final TablePolicy table;
        final List<List<Episode<int[]>>> batches = new ArrayList<>();
        final List<double[]> weights = new ArrayList<>();

        Recording(TablePolicy table) {
            super(table);
            this.table = table;
        }

        @Override
        public void accumulateGradient(List<Episode<int[]>> episodes, double[] w, double[] wH) {
            batches.add(List.copyOf(episodes));
            weights.add(w.clone());
            super.accumulateGradient(episodes, w, wH);
        }
    }

    private static GrpoConfig base() {
        return GrpoTest.config().withStartsPerIteration(16).withMinibatchSize(128).withEpochs(1).withKlCoefficient(0)
                .withLearningRate(0.1);
    }

    @Test
    void keepsRareSuccessesAndReplaysThemWhenTheGroupsNoLongerFindThem() {
        TablePolicy table = rareSuccessesOnPatternTwo();
        Recording policy = new Recording(table);
        double lambda = 0.5;
        Grpo<int[]> grpo = new Grpo<>(policy, PatternEnv::new, base().withSelfImitation(lambda, 1.5, 4, 64), 5);
        GrpoMetrics first = grpo.iterate();
        List<Episode<int[]>> kept = grpo.selfImitationBuffer();
        assertFalse(kept.isEmpty(), "pattern 2's rare successes are kept");
        assertTrue(kept.stream().allMatch(e -> e.totalReward() == 1 && e.firstObservation()[0] == 2), "only successes are kept");
        assertEquals(kept.size(), first.selfImitationBuffer());
        assertTrue(Double.isNaN(first.selfImitationNll()), "nothing was replayed before anything was kept");
        assertEquals(1, policy.batches.size());
        assertEquals(16 * 8, policy.batches.get(0).size(), "the first step trains on the minibatch alone");

        // Now pattern 2 fails every time: every group is all-wrong and GRPO alone has nothing to learn from.
        table.theta[firstBitIndex()] = -50;
        policy.batches.clear();
        policy.weights.clear();
        GrpoMetrics second = grpo.iterate();
        List<Episode<int[]>> trained = policy.batches.get(0);
        double[] w = policy.weights.get(0);
        int k = Math.min(4, kept.size());
        assertEquals(16 * 8 + k, trained.size(), "the minibatch and the replayed episodes, in one call");
        List<Episode<int[]>> replayed = trained.subList(16 * 8, trained.size());
        assertTrue(kept.containsAll(replayed) && new HashSet<>(replayed).size() == k, "distinct stored episodes");
        for (int r = 0; r < trained.size(); r++) {
            for (int t = 0; t < LENGTH; t++) {
                double expected = r < 16 * 8 ? 0 : -lambda / (k * LENGTH); // zero advantages; λ × mean NLL per action
                assertEquals(expected, w[r * LENGTH + t], 1e-15, "row " + r + " step " + t);
            }
        }
        // The mean NLL per action: the first bit's −log p ≈ 50, the other three ≈ 0.
        assertEquals(50.0 / LENGTH, second.selfImitationNll(), 0.1);

        // The same run without self-imitation (its first iteration is the same: nothing was replayed in it) moves the
        // first bit only by Adam's momentum from the first step.
        TablePolicy plainTable = rareSuccessesOnPatternTwo();
        Recording plain = new Recording(plainTable);
        Grpo<int[]> withoutIt = new Grpo<>(plain, PatternEnv::new, base(), 5);
        GrpoMetrics plainFirst = withoutIt.iterate();
        plainTable.theta[firstBitIndex()] = -50;
        GrpoMetrics plainSecond = withoutIt.iterate();
        assertTrue(withoutIt.selfImitationBuffer().isEmpty());
        assertTrue(plain.batches.stream().allMatch(b -> b.size() == 16 * 8), "only minibatches are trained on");
        assertEquals(0, plainFirst.selfImitationBuffer());
        assertTrue(Double.isNaN(plainSecond.selfImitationNll()));
        assertEquals(first.rewardMean(), plainFirst.rewardMean());
        assertTrue(table.theta[firstBitIndex()] > plainTable.theta[firstBitIndex()], // Adam scales the pull; its sign is the point
                "the replay raised the right first bit: " + table.theta[firstBitIndex()] + " vs " + plainTable.theta[firstBitIndex()]);
    }

    @Test
    void aHighThresholdKeepsOnlyLoneSuccesses() {
        // With 0/1 rewards, std scaling and groups of 8, a lone success has advantage 2.47 and one of two 1.62.
        TablePolicy table = rareSuccessesOnPatternTwo();
        Grpo<int[]> grpo = new Grpo<>(new Recording(table), PatternEnv::new, base().withSelfImitation(0.5, 2.0, 4, 64), 5);
        grpo.iterate();
        Map<Long, Long> perStart = new java.util.HashMap<>();
        grpo.selfImitationBuffer().forEach(e -> perStart.merge(e.startSeed(), 1L, Long::sum));
        assertFalse(perStart.isEmpty());
        assertTrue(perStart.values().stream().allMatch(c -> c == 1), "one success per group at most: " + perStart);
    }

    @Test
    void learnsEverySequenceWithSelfImitationOn() {
        TablePolicy policy = new TablePolicy();
        Grpo<int[]> grpo = new Grpo<>(policy, PatternEnv::new, GrpoTest.config().withSelfImitation(0.5, 1.5, 8, 256), 3);
        GrpoMetrics last = null;
        for (int i = 0; i < 61; i++) {
            last = grpo.iterate();
        }
        assertTrue(last.rewardMean() > 0.8, "last reward " + last.rewardMean());
        assertEquals(1.0, GrpoTest.successRate(policy));
        assertTrue(last.selfImitationBuffer() > 0);
    }

    @Test
    void resumeWithSelfImitationEqualsUninterrupted(@TempDir Path dir) throws Exception {
        GrpoConfig config = GrpoTest.config().withSelfImitation(0.5, 1.0, 4, 16);
        Grpo<int[]> probe = new Grpo<>(new TablePolicy(), PatternEnv::new, config, 9);
        for (int i = 0; i < 3; i++) {
            probe.iterate();
        }
        assertFalse(probe.selfImitationBuffer().isEmpty(), "the checkpoint below holds a non-empty buffer");
        GrpoTest.resumeEqualsUninterrupted(dir, config);
    }

    @Test
    void theBufferRoundTripsThroughACheckpointAndRebuildsEachStart() {
        SelfImitationBuffer<int[]> buffer = new SelfImitationBuffer<>(3);
        for (long s = 0; s < 5; s++) {
            buffer.add(new Episode<>(s, new int[] {(int) (s % 4), 0}, new int[] {(int) (s % 2), 1, 0}, s / 2.0, s != 3,
                    Map.of()));
        }
        assertEquals(List.of(2L, 3L, 4L), buffer.contents().stream().map(Episode::startSeed).toList(), "the oldest left first");
        CheckpointWriter w = new CheckpointWriter();
        buffer.save(w, "si.");
        SelfImitationBuffer<int[]> loaded = new SelfImitationBuffer<>(3);
        loaded.load(CheckpointReader.fromBytes(w.toBytes(), "test"), "si.", new PatternEnv());
        assertEquals(3, loaded.size());
        for (int i = 0; i < 3; i++) {
            Episode<int[]> a = buffer.contents().get(i);
            Episode<int[]> b = loaded.contents().get(i);
            assertEquals(a.startSeed(), b.startSeed());
            assertArrayEquals(a.firstObservation(), b.firstObservation(), "rebuilt by resetting the env with the seed");
            assertArrayEquals(a.actions(), b.actions());
            assertEquals(a.totalReward(), b.totalReward());
            assertEquals(a.terminated(), b.terminated());
        }
    }

    @Test
    void samplesAreDistinctAndCoverTheBuffer() {
        SelfImitationBuffer<int[]> buffer = new SelfImitationBuffer<>(10);
        for (long s = 0; s < 6; s++) {
            buffer.add(new Episode<>(s, new int[] {0, 0}, new int[] {0}, 1, true, Map.of()));
        }
        Rng rng = new Rng(1);
        java.util.Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            List<Episode<int[]>> draw = buffer.sample(4, rng);
            assertEquals(4, new HashSet<>(draw.stream().map(Episode::startSeed).toList()).size());
            draw.forEach(e -> seen.add(e.startSeed()));
        }
        assertEquals(6, seen.size());
        assertEquals(6, buffer.sample(9, rng).size(), "never more than it holds");
        assertEquals(6, buffer.size(), "sampling keeps the episodes");
    }

    @Test
    void configRejectsSelfImitationWithoutRoom() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrpoConfig.defaults().withSelfImitation(0.1, 1.5, 0, 64));
        assertTrue(e.getMessage().contains("self_imitation_batch"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GrpoConfig.defaults().withSelfImitation(-0.1, 1.5, 4, 64));
        assertThrows(IllegalArgumentException.class, () -> GrpoConfig.defaults().withSelfImitation(0.1, Double.NaN, 4, 64));
        assertEquals(0.0, GrpoConfig.defaults().selfImitationCoefficient(), "off by default");
    }
}
