package dev.reins.algorithms.grpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reins.algorithms.rollout.RolloutSession;
import dev.reins.algorithms.rollout.RolloutWorkers;
import dev.reins.algorithms.rollout.SerializingRolloutWorkers;
import dev.reins.algorithms.rollout.ThreadRolloutWorkers;
import dev.reins.core.env.Env;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** GRPO's groups played by rollout workers: the same run on threads and through a serializing backend. */
class GrpoRolloutWorkersTest {
    /** What a worker needs for the pattern task: a fresh table policy and pattern envs. */
    static final class TableSetup implements GroupWorkerSetup<int[]> {
        @Override
        public SequencePolicy<int[]> samplingPolicy() {
            return new GrpoTest.TablePolicy();
        }

        @Override
        public Env<int[], Integer> env() {
            return new GrpoTest.PatternEnv();
        }
    }

    private static GrpoConfig config() {
        return GrpoTest.config().withStartsPerIteration(5); // 5 groups over 2 workers: shares of 3 and 2
    }

    private static double[] train(RolloutWorkers workers, int iterations) {
        GrpoTest.TablePolicy policy = new GrpoTest.TablePolicy();
        Grpo<int[]> grpo = new Grpo<>(policy, GrpoTest.PatternEnv::new, config(), 3);
        if (workers != null) {
            grpo.withRolloutWorkers(workers, new TableSetup());
        }
        for (int i = 0; i < iterations; i++) {
            grpo.iterate();
        }
        return policy.theta.clone();
    }

    @Test
    void oneWorkerTrainsExactlyAsTheLearnerAlone() {
        try (RolloutWorkers one = new ThreadRolloutWorkers(1)) {
            assertArrayEquals(train(null, 8), train(one, 8));
        }
    }

    @Test
    void twoWorkersGiveTheSameRunOnThreadsAndThroughSerializationWithARetriedTask() {
        double[] threads;
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            threads = train(two, 8);
        }
        SerializingRolloutWorkers distributed = new SerializingRolloutWorkers(2, 3);
        assertArrayEquals(threads, train(distributed, 8));
        assertEquals(1, distributed.retries);
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            assertArrayEquals(threads, train(two, 8), "a second run on threads");
        }
        // Worker 1 samples from its own stream, so two workers are a different (equally valid) run from one.
        assertFalse(Arrays.equals(threads, train(null, 8)));
    }

    @Test
    void twoWorkersLearnTheTask() {
        GrpoTest.TablePolicy policy = new GrpoTest.TablePolicy();
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            Grpo<int[]> grpo = new Grpo<>(policy, GrpoTest.PatternEnv::new, config(), 5).withRolloutWorkers(two, new TableSetup());
            for (int i = 0; i < 61; i++) {
                grpo.iterate();
            }
        }
        assertEquals(1.0, GrpoTest.successRate(policy));
    }

    @Test
    void aRoundNeedsOneSharePerWorker() {
        try (RolloutWorkers two = new ThreadRolloutWorkers(2)) {
            RolloutSession<GroupShare, ArrayList<Episode<int[]>>> session = two.open(GroupReplica.factory(new TableSetup()));
            List<GroupShare> one = GroupShare.split(new long[] {1, 2}, 2, 0, 4, 1);
            assertThrows(IllegalArgumentException.class, () -> session.collect(new GrpoTest.TablePolicy().samplingWeights(), one));
        }
        assertThrows(IllegalArgumentException.class, () -> new ThreadRolloutWorkers(0));
    }

    @Property(tries = 200)
    void sharesAreContiguousBalancedAndShareZeroKeepsTheSeed(@ForAll @IntRange(min = 0, max = 40) int groups,
            @ForAll @IntRange(min = 1, max = 8) int workers, @ForAll long seed) {
        long[] starts = LongStream.range(100, 100 + groups).toArray();
        List<GroupShare> shares = GroupShare.split(starts, 4, seed, 7, workers);
        assertEquals(workers, shares.size());
        assertArrayEquals(starts, shares.stream().flatMapToLong(s -> Arrays.stream(s.starts())).toArray());
        int min = shares.stream().mapToInt(s -> s.starts().length).min().orElseThrow();
        int max = shares.stream().mapToInt(s -> s.starts().length).max().orElseThrow();
        assertEquals(true, max - min <= 1, "share sizes " + min + ".." + max);
        assertEquals(seed, shares.get(0).seed());
        assertEquals(workers, shares.stream().mapToLong(GroupShare::seed).distinct().count(), "every worker its own stream");
    }
}
