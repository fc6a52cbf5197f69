package dev.reins.algorithms.grpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.loss.ClippedSurrogateLoss;
import dev.reins.algorithms.nn.Adam;
import dev.reins.algorithms.nn.Gradients;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.Env;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.MultiDiscrete;
import dev.reins.core.space.Space;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GRPO on a task with the shape of RLVR: from a start (a "prompt"), emit a sequence; reward 1 only if all of it is right. */
class GrpoTest {
    private static final int PATTERNS = 4;
    private static final int LENGTH = 4;
    private static final int[][] TARGETS = {{1, 0, 1, 1}, {0, 0, 1, 0}, {1, 1, 0, 0}, {0, 1, 0, 1}};

    /** Observation {pattern, step}; action a bit; reward 1 at the end when every bit matched the pattern. */
    static final class PatternEnv implements Env<int[], Integer> {
        private int pattern;
        private int step;
        private boolean allRight;

        @Override
        public Space<int[]> observationSpace() {
            return new MultiDiscrete(new int[] {PATTERNS, LENGTH + 1});
        }

        @Override
        public Space<Integer> actionSpace() {
            return new Discrete(2);
        }

        @Override
        public ResetResult<int[]> reset(long seed) {
            pattern = (int) Math.floorMod(seed, (long) PATTERNS);
            step = 0;
            allRight = true;
            return new ResetResult<>(new int[] {pattern, 0});
        }

        @Override
        public ResetResult<int[]> reset() {
            return reset(0);
        }

        @Override
        public StepResult<int[]> step(Integer action) {
            allRight &= action == TARGETS[pattern][step];
            step++;
            boolean end = step == LENGTH;
            return new StepResult<>(new int[] {pattern, step}, end && allRight ? 1 : 0, end, false);
        }
    }

    /** Softmax table θ[pattern][step][action]: log-probs and their gradients in closed form. */
    static final class TablePolicy implements SequencePolicy<int[]> {
        final double[] theta = new double[PATTERNS * LENGTH * 2];
        private final double[] grad = new double[theta.length];
        private final Adam adam = new Adam(theta.length, 0.9, 0.999, 1e-8);

        private double logp(int pattern, int step, int action) {
            int k = (pattern * LENGTH + step) * 2;
            double max = Math.max(theta[k], theta[k + 1]);
            double z = Math.log(Math.exp(theta[k] - max) + Math.exp(theta[k + 1] - max)) + max;
            return theta[k + action] - z;
        }

        @Override
        public EpisodeActor<int[]> actor(List<int[]> first, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            return (row, obs) -> rng.nextDouble() < Math.exp(logp(obs[0], obs[1], 1)) ? 1 : 0;
        }

        @Override
        public Scores score(List<Episode<int[]>> episodes) {
            int cols = SequencePolicy.columns(episodes);
            double[] lp = new double[episodes.size() * cols];
            double[] ent = new double[lp.length];
            for (int r = 0; r < episodes.size(); r++) {
                Episode<int[]> e = episodes.get(r);
                for (int t = 0; t < e.actions().length; t++) {
                    int p = e.firstObservation()[0];
                    lp[r * cols + t] = logp(p, t, e.actions()[t]);
                    double p1 = Math.exp(logp(p, t, 1));
                    ent[r * cols + t] = -(plogp(p1) + plogp(1 - p1));
                }
            }
            return new Scores(lp, ent, episodes.size(), cols);
        }

        private static double plogp(double p) {
            return p > 0 ? p * Math.log(p) : 0;
        }

        @Override
        public void accumulateGradient(List<Episode<int[]>> episodes, double[] w, double[] wH) {
            int cols = SequencePolicy.columns(episodes);
            double[] g = grad;
            for (int r = 0; r < episodes.size(); r++) {
                Episode<int[]> e = episodes.get(r);
                for (int t = 0; t < e.actions().length; t++) {
                    int k = (e.firstObservation()[0] * LENGTH + t) * 2;
                    double p1 = Math.exp(logp(e.firstObservation()[0], t, 1));
                    double[] probs = {1 - p1, p1};
                    for (int a = 0; a < 2; a++) {
                        g[k + a] += w[r * cols + t] * ((a == e.actions()[t] ? 1 : 0) - probs[a]);
                    }
                }
            }
        }

        @Override
        public double applyGradient(double lr, double maxGradNorm) {
            double norm = Gradients.clipGlobalNorm(grad, maxGradNorm);
            if (Double.isFinite(norm)) {
                adam.step(theta, grad, lr);
            }
            Arrays.fill(grad, 0);
            return norm;
        }

        @Override
        public void save(CheckpointWriter out, String prefix) {
            out.putDoubles(prefix + "theta", theta);
            adam.save(out, prefix + "adam.");
        }

        @Override
        public void load(CheckpointReader in, String prefix) {
            System.arraycopy(in.doubles(prefix + "theta", theta.length), 0, theta, 0, theta.length);
            adam.load(in, prefix + "adam.");
        }

        @Override
        public byte[] samplingWeights() {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(theta.length * Double.BYTES);
            b.asDoubleBuffer().put(theta);
            return b.array();
        }

        @Override
        public void loadSamplingWeights(byte[] weights) {
            java.nio.ByteBuffer.wrap(weights).asDoubleBuffer().get(theta);
        }

        @Override
        public SequencePolicy<int[]> frozenCopy() {
            TablePolicy copy = new TablePolicy();
            System.arraycopy(theta, 0, copy.theta, 0, theta.length);
            return copy;
        }
    }

    static GrpoConfig config() {
        return GrpoConfig.defaults().withStartsPerIteration(4).withGroupSize(8).withMinibatchSize(16).withEpochs(2)
                .withLearningRate(0.1).withKlCoefficient(0.01).withMaxEpisodeSteps(LENGTH);
    }

    static double successRate(TablePolicy policy) {
        // Greedy success over all patterns.
        int right = 0;
        for (int p = 0; p < PATTERNS; p++) {
            boolean ok = true;
            for (int t = 0; t < LENGTH; t++) {
                ok &= (policy.logp(p, t, 1) > Math.log(0.5) ? 1 : 0) == TARGETS[p][t];
            }
            right += ok ? 1 : 0;
        }
        return right / (double) PATTERNS;
    }

    @Test
    void learnsEverySequenceFromAllOrNothingRewards() {
        TablePolicy policy = new TablePolicy();
        Grpo<int[]> grpo = new Grpo<>(policy, PatternEnv::new, config(), 3);
        GrpoMetrics first = grpo.iterate();
        GrpoMetrics last = first;
        for (int i = 0; i < 60; i++) {
            last = grpo.iterate();
        }
        // A uniform policy gets 1/16 of episodes right; after training the greedy policy gets every pattern.
        assertTrue(first.rewardMean() < 0.3, "first reward " + first.rewardMean());
        assertTrue(last.rewardMean() > 0.8, "last reward " + last.rewardMean());
        assertEquals(1.0, successRate(policy));
        assertTrue(last.referenceKl() > 0 && Double.isFinite(last.referenceKl()), "KL to the reference " + last.referenceKl());
        assertEquals(LENGTH, last.lengthMean());
        assertTrue(last.entropy() < first.entropy());
    }

    @Test
    void rlooLearnsEverySequenceToo() {
        TablePolicy policy = new TablePolicy();
        Grpo<int[]> rloo = new Grpo<>(policy, PatternEnv::new, config().withLeaveOneOut(true), 3);
        GrpoMetrics last = null;
        for (int i = 0; i < 61; i++) {
            last = rloo.iterate();
        }
        assertTrue(last.rewardMean() > 0.8, "last reward " + last.rewardMean());
        assertEquals(1.0, successRate(policy));
    }

    @Test
    void aScorerReplacesTheEnvReturn() {
        // Scoring every episode 1 gives every group zero spread: nothing to learn, so the policy stays where it started.
        TablePolicy policy = new TablePolicy();
        Grpo<int[]> grpo = new Grpo<>(policy, PatternEnv::new, episodes -> java.util.Collections.nCopies(episodes.size(), 1.0)
                .stream().mapToDouble(Double::doubleValue).toArray(), config().withKlCoefficient(0), 3);
        GrpoMetrics m = grpo.iterate();
        assertEquals(1.0, m.rewardMean());
        assertEquals(1.0, m.zeroStdGroupFraction());
        assertTrue(Arrays.stream(policy.theta).allMatch(t -> Math.abs(t) < 1e-12), Arrays.toString(policy.theta));
    }

    @Test
    void oneOnPolicyStepHasRatioOneAndNoClipping() {
        TablePolicy policy = new TablePolicy();
        GrpoConfig onPolicy = config().withEpochs(1).withMinibatchSize(32);
        GrpoMetrics m = new Grpo<>(policy, PatternEnv::new, onPolicy, 1).iterate();
        assertEquals(0.0, m.clipFraction());
        assertEquals(0.0, m.approxKl(), 1e-15);
        assertEquals(0.0, m.referenceKl(), 1e-15); // the reference is the policy before this step
    }

    @Test
    void dynamicSamplingTrainsOnlyOnGroupsWithALearningSignal() {
        TablePolicy table = new TablePolicy();
        // Patterns 0 and 1 always fail (the first bit is certainly wrong); 2 and 3 succeed now and then.
        for (int p = 0; p < 2; p++) {
            table.theta[p * LENGTH * 2 + TARGETS[p][0]] = -50;
        }
        List<Integer> trainedPatterns = new ArrayList<>();
        int[] trainedEpisodes = {0};
        SequencePolicy<int[]> spy = new Delegating(table) {
            @Override
            public void accumulateGradient(List<Episode<int[]>> episodes, double[] w, double[] wH) {
                episodes.forEach(e -> trainedPatterns.add(e.firstObservation()[0]));
                trainedEpisodes[0] += episodes.size();
                super.accumulateGradient(episodes, w, wH);
            }
        };
        GrpoConfig dynamic = config().withEpochs(1).withKlCoefficient(0).withDynamicSampling(true, 16);
        GrpoMetrics m = new Grpo<>(spy, PatternEnv::new, dynamic, 4).iterate();
        assertTrue(trainedPatterns.stream().allMatch(p -> p >= 2), "no always-failing group is trained on: " + trainedPatterns);
        assertEquals(4 * 8, trainedEpisodes[0], "a full batch of informative groups");
        assertTrue(m.zeroStdGroupFraction() > 0.4, "the dropped groups are counted: " + m.zeroStdGroupFraction());

        trainedPatterns.clear();
        GrpoMetrics plain = new Grpo<>(spy, PatternEnv::new, dynamic.withDynamicSampling(false, 4), 4).iterate();
        assertTrue(trainedPatterns.contains(0) || trainedPatterns.contains(1), "without it every group is in the batch");
        assertTrue(plain.zeroStdGroupFraction() > 0);
    }

    @Test
    void dynamicSamplingWithoutAnyLearningSignalSkipsTheUpdate() {
        TablePolicy policy = new TablePolicy();
        for (int p = 0; p < PATTERNS; p++) {
            policy.theta[p * LENGTH * 2 + TARGETS[p][0]] = -50;
        }
        double[] before = policy.theta.clone();
        Grpo<int[]> grpo = new Grpo<>(policy, PatternEnv::new, config().withDynamicSampling(true, 3), 2);
        GrpoMetrics m = grpo.iterate();
        assertEquals(1.0, m.zeroStdGroupFraction());
        assertTrue(Double.isNaN(m.loss()), "no step taken");
        assertArrayEquals(before, policy.theta);
        assertEquals(1, grpo.iteration());
    }

    @Test
    void groupsWithEqualRewardsAreCountedAndGiveNoGradient() {
        TablePolicy policy = new TablePolicy();
        // Make pattern outcomes certain: every episode fails (θ strongly prefers the wrong bit at step 0).
        for (int p = 0; p < PATTERNS; p++) {
            int k = p * LENGTH * 2;
            policy.theta[k + TARGETS[p][0]] = -50;
        }
        double[] before = policy.theta.clone();
        GrpoMetrics m = new Grpo<>(policy, PatternEnv::new, config().withKlCoefficient(0), 2).iterate();
        assertEquals(1.0, m.zeroStdGroupFraction());
        assertEquals(0.0, m.rewardMean());
        assertTrue(Arrays.equals(before, policy.theta) || m.gradNorm() == 0, "all-equal groups have zero advantage");
    }

    @Test
    void sequenceMeanAndTokenMeanBothLearn() {
        TablePolicy policy = new TablePolicy();
        Grpo<int[]> grpo = new Grpo<>(policy, PatternEnv::new,
                config().withAggregation(ClippedSurrogateLoss.Aggregation.SEQUENCE_MEAN).withScaleRewardsByStd(false), 5);
        for (int i = 0; i < 60; i++) {
            grpo.iterate();
        }
        assertEquals(1.0, successRate(policy));
    }

    /** A table policy seen through a wrapper whose methods a test overrides to watch what GRPO asks of it. */
    static class Delegating implements SequencePolicy<int[]> {
        private final TablePolicy table;

        Delegating(TablePolicy table) {
            this.table = table;
        }

        public EpisodeActor<int[]> actor(List<int[]> first, long seed) {
            return table.actor(first, seed);
        }

        public Scores score(List<Episode<int[]>> episodes) {
            return table.score(episodes);
        }

        public void accumulateGradient(List<Episode<int[]>> episodes, double[] w, double[] wH) {
            table.accumulateGradient(episodes, w, wH);
        }

        public double applyGradient(double lr, double maxGradNorm) {
            return table.applyGradient(lr, maxGradNorm);
        }

        public SequencePolicy<int[]> frozenCopy() {
            return table.frozenCopy();
        }

        public void save(CheckpointWriter out, String prefix) {
            table.save(out, prefix);
        }

        public void load(CheckpointReader in, String prefix) {
            table.load(in, prefix);
        }
    }

    /** Records the start of every group the policy is asked to score (groups are 8 episodes). */
    private static SequencePolicy<int[]> recordingStarts(TablePolicy table, List<Long> starts) {
        return new Delegating(table) {
            @Override
            public Scores score(List<Episode<int[]>> episodes) {
                for (int i = 0; i < episodes.size(); i += 8) {
                    starts.add(episodes.get(i).startSeed());
                }
                return super.score(episodes);
            }
        };
    }

    @Test
    void promptReplayPlaysUnsettledStartsAgain() {
        // Pattern 2 succeeds half the time (its first bit is a coin flip, the rest certain): its groups differ. The other
        // patterns are settled: 0 and 1 always fail, 3 always succeeds.
        TablePolicy table = new TablePolicy();
        for (int p = 0; p < PATTERNS; p++) {
            for (int t = 0; t < LENGTH; t++) {
                boolean coin = p == 2 && t == 0;
                boolean sure = p >= 2 || t > 0;
                if (!coin) {
                    table.theta[(p * LENGTH + t) * 2 + TARGETS[p][t]] = sure ? 50 : -50;
                }
            }
        }
        GrpoConfig base = config().withStartsPerIteration(16).withMinibatchSize(128).withEpochs(1).withKlCoefficient(0).withLearningRate(1e-12);
        for (boolean replay : new boolean[] {false, true}) {
            List<Long> starts = new ArrayList<>();
            GrpoConfig c = replay ? base.withReplay(1.0, 64) : base;
            Grpo<int[]> grpo = new Grpo<>(recordingStarts(table, starts), PatternEnv::new, c, 11);
            grpo.iterate();
            List<Long> firstUnsettled = starts.stream().filter(s -> Math.floorMod(s, (long) PATTERNS) == 2).toList();
            List<Long> first = List.copyOf(starts);
            starts.clear();
            grpo.iterate();
            assertTrue(!firstUnsettled.isEmpty(), "the first iteration played pattern 2");
            if (replay) {
                assertTrue(starts.containsAll(firstUnsettled), "every unsettled start is played again: " + firstUnsettled + " in " + starts);
                assertTrue(first.stream().filter(s -> !firstUnsettled.contains(s)).noneMatch(starts::contains),
                        "settled starts are not replayed");
                assertEquals(16, starts.size());
            } else {
                assertTrue(firstUnsettled.stream().noneMatch(starts::contains), "without replay every start is fresh");
            }
        }
    }

    @Test
    void replayDrawsLeaveTheRestInAgeOrderSoTheOldestLeaveFirst() {
        Grpo<int[]> grpo = new Grpo<>(new TablePolicy(), PatternEnv::new, config().withReplay(0.5, 6), 4);
        grpo.remember(List.of(1L, 2L, 3L, 4L, 5L, 6L));
        long[] starts = grpo.drawStarts(4); // 2 replayed, 2 fresh
        List<Long> drawn = List.of(starts[0], starts[1]);
        List<Long> rest = new ArrayList<>(List.of(1L, 2L, 3L, 4L, 5L, 6L));
        rest.removeAll(drawn);
        assertTrue(List.of(1L, 2L, 3L, 4L, 5L, 6L).containsAll(drawn) && !drawn.get(0).equals(drawn.get(1)), "drawn " + drawn);
        assertEquals(rest, grpo.replayBuffer(), "the undrawn starts keep their order");
        grpo.remember(List.of(7L, 8L, 9L));
        List<Long> expected = new ArrayList<>(rest);
        expected.addAll(List.of(7L, 8L, 9L));
        assertEquals(expected.subList(1, expected.size()), grpo.replayBuffer(), "at capacity the oldest leaves");
    }

    @Test
    void resumeEqualsUninterrupted(@TempDir Path dir) throws Exception {
        resumeEqualsUninterrupted(dir, config());
    }

    @Test
    void resumeWithPromptReplayEqualsUninterrupted(@TempDir Path dir) throws Exception {
        // The buffer is part of the checkpoint: without it the resumed run would draw fresh starts where the other replays.
        resumeEqualsUninterrupted(dir, config().withStartsPerIteration(8).withReplay(0.5, 6));
    }

    static void resumeEqualsUninterrupted(Path dir, GrpoConfig config) throws Exception {
        TablePolicy a = new TablePolicy();
        Grpo<int[]> straight = new Grpo<>(a, PatternEnv::new, config, 9);
        for (int i = 0; i < 6; i++) {
            straight.iterate();
        }
        TablePolicy b = new TablePolicy();
        Grpo<int[]> first = new Grpo<>(b, PatternEnv::new, config, 9);
        for (int i = 0; i < 3; i++) {
            first.iterate();
        }
        CheckpointWriter w = new CheckpointWriter();
        first.save(w, "grpo.");
        w.writeTo(dir.resolve("c.ckpt"));
        TablePolicy c = new TablePolicy();
        Grpo<int[]> resumed = new Grpo<>(c, PatternEnv::new, config, 12345);
        resumed.load(CheckpointReader.read(dir.resolve("c.ckpt")), "grpo.");
        for (int i = 0; i < 3; i++) {
            resumed.iterate();
        }
        assertTrue(Arrays.equals(a.theta, c.theta), "resumed parameters differ from uninterrupted ones");
        assertEquals(6, resumed.iteration());
    }

    @Test
    void scoringInChunksLaysOutTheScoresOfScoringAllAtOnce() {
        TablePolicy policy = new TablePolicy();
        java.util.Arrays.setAll(policy.theta, i -> Math.sin(i)); // a non-uniform policy
        List<Episode<int[]>> episodes = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 11; i++) { // lengths 1..4, so chunks have fewer columns than the whole
            int[] actions = rng.ints(1 + rng.nextInt(LENGTH), 0, 2).toArray();
            episodes.add(new Episode<>(i, new int[] {i % PATTERNS, 0}, actions, 0, true, Map.of()));
        }
        SequencePolicy.Scores all = policy.score(episodes);
        for (int chunk : new int[] {1, 2, 3, 5, 11, 20}) {
            SequencePolicy.Scores chunked = EpisodeBatches.scoreInChunks(policy, episodes, chunk);
            assertEquals(all.columns(), chunked.columns());
            assertArrayEquals(all.logProbs(), chunked.logProbs(), "chunks of " + chunk);
            assertArrayEquals(all.entropies(), chunked.entropies(), "chunks of " + chunk);
        }
    }

    @Test
    void learningRateDecaysLinearlyToATenthAndStays() {
        GrpoConfig c = config().withLearningRate(1.0).withLearningRateDecayIterations(10);
        assertEquals(1.0, c.learningRateAt(0), 1e-15);
        assertEquals(0.55, c.learningRateAt(5), 1e-15);
        assertEquals(0.1, c.learningRateAt(10), 1e-15);
        assertEquals(0.1, c.learningRateAt(1000), 1e-15);
        assertEquals(1.0, config().withLearningRate(1.0).learningRateAt(1000), 1e-15);
        GrpoConfig warm = c.withWarmupIterations(4);
        assertEquals(0.25, warm.learningRateAt(0), 1e-15, "warm-up rises linearly");
        assertEquals(0.75 * (1 - 0.9 * 0.2), warm.learningRateAt(2), 1e-15, "and multiplies the decay");
        assertEquals(1 - 0.9 * 0.4, warm.learningRateAt(4), 1e-15, "then the decay alone");
    }

    @Test
    void rolloutsShareTheStartWithinAGroupAndRecordFinalInfo() {
        List<PatternEnv> envs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            envs.add(new PatternEnv());
        }
        List<Episode<int[]>> eps = GroupRollouts.play(envs, new long[] {1, 2}, 3, new TablePolicy(), 0, LENGTH);
        for (int i = 0; i < 6; i++) {
            assertEquals(i < 3 ? 1 : 2, eps.get(i).startSeed());
            assertEquals(i < 3 ? 1 : 2, eps.get(i).firstObservation()[0]);
            assertEquals(LENGTH, eps.get(i).actions().length);
            assertTrue(eps.get(i).terminated());
            assertEquals(Map.of(), eps.get(i).finalInfo());
        }
    }
}
