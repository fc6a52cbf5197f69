package dev.reins.core.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.wrappers.ClipAction;
import dev.reins.core.env.wrappers.EpisodeStatistics;
import dev.reins.core.env.wrappers.NormalizeObservation;
import dev.reins.core.env.wrappers.NormalizeReward;
import dev.reins.core.env.wrappers.RecordEpisodeStatistics;
import dev.reins.core.env.wrappers.RescaleAction;
import dev.reins.core.env.wrappers.TimeLimit;
import dev.reins.core.env.wrappers.TransformReward;
import dev.reins.core.random.Rng;
import dev.reins.core.space.Box;
import dev.reins.core.space.Space;
import dev.reins.core.testing.RandomWalkEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvContractTest {

    @Test
    void steppingBeforeResetOrAfterTheEndIsAnIllegalStateNamingTheEnv() {
        RandomWalkEnv env = new RandomWalkEnv();
        IllegalStateException before = assertThrows(IllegalStateException.class, () -> env.step(0));
        assertTrue(before.getMessage().contains("RandomWalk-v0") && before.getMessage().contains("reset"), before.getMessage());
        env.reset(1);
        StepResult<float[]> r;
        do {
            r = env.step(1);
        } while (!r.done());
        IllegalStateException after = assertThrows(IllegalStateException.class, () -> env.step(1));
        assertTrue(after.getMessage().contains("terminated"), after.getMessage());
    }

    @Test
    void invalidActionsNameTheEnvTheActionAndTheSpace() {
        RandomWalkEnv env = new RandomWalkEnv();
        env.reset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(2));
        assertEquals("RandomWalk-v0: action 2 is not in the action space Discrete(2)", e.getMessage());
    }

    @Test
    void timeLimitTruncatesAtTheLimitAndKeepsTerminationDistinct() {
        TimeLimit<float[], Integer> env = new TimeLimit<>(new RandomWalkEnv(), 3);
        env.reset(5);
        // Alternate actions so the walker stays near 0 and does not terminate.
        assertFalse(env.step(0).done());
        assertFalse(env.step(1).done());
        StepResult<float[]> third = env.step(0);
        assertTrue(third.truncated());
        assertFalse(third.terminated());
        assertThrows(IllegalStateException.class, () -> env.step(0));
        env.reset();
        assertEquals(0, env.elapsedSteps());
    }

    @Test
    void episodeStatisticsReportTheRawReturnUnderRewardNormalization() {
        var stats = new RecordEpisodeStatistics<>(new RandomWalkEnv());
        var env = new NormalizeReward<>(stats, 0.99, 1e-8);
        env.reset(3);
        double raw = 0;
        StepResult<float[]> r;
        var inner = new RandomWalkEnv();
        inner.reset(3);
        int steps = 0;
        do {
            r = env.step(1);
            raw += inner.step(1).reward();
            steps++;
        } while (!r.done());
        EpisodeStatistics ep = (EpisodeStatistics) r.info().get(EpisodeStatistics.INFO_KEY);
        assertEquals(raw, ep.episodeReturn(), 1e-12);
        assertEquals(steps, ep.length());
    }

    @Test
    void normalizeObservationMatchesAManualRunningMeanAndVariance() {
        var env = new NormalizeObservation<>(new RandomWalkEnv(), 1e-8, Double.POSITIVE_INFINITY);
        var raw = new RandomWalkEnv();
        float[] x0 = raw.reset(9).observation();
        float[] z0 = env.reset(9).observation();
        // After one sample: count = 1e-4 + 1, mean = x·1/(1+1e-4), var = (1e-4·1 + δ²·1e-4/(1+1e-4)) / (1+1e-4).
        double c = 1e-4;
        double mean = x0[0] / (1 + c);
        double var = (c * 1 + x0[0] * (double) x0[0] * c / (1 + c)) / (1 + c);
        assertEquals((float) ((x0[0] - mean) / Math.sqrt(var + 1e-8)), z0[0], 1e-6);
    }

    @Test
    void normalizerStatisticsSurviveACheckpoint() throws Exception {
        var env = new NormalizeObservation<>(new RandomWalkEnv(), 1e-8, 10);
        env.reset(1);
        for (int i = 0; i < 3; i++) {
            env.step(1);
        }
        CheckpointWriter out = new CheckpointWriter();
        env.save(out, "env.");
        Path file = Files.createTempFile("env", ".zip");
        out.writeTo(file);
        var restored = new NormalizeObservation<>(new RandomWalkEnv(), 1e-8, 10);
        restored.load(CheckpointReader.read(file), "env.");
        assertEquals(env.statistics().mean(0), restored.statistics().mean(0));
        assertEquals(env.step(0).observation()[0], restored.step(0).observation()[0], "same state, same generator, same output");
    }

    /** A continuous-action env that records the last action it received. */
    static final class ActionRecorder extends BaseEnv<float[], float[]> {
        float[] last;

        ActionRecorder() {
            super("ActionRecorder-v0");
        }

        @Override
        public Space<float[]> observationSpace() {
            return Box.uniform(-1, 1, 1);
        }

        @Override
        public Space<float[]> actionSpace() {
            return new Box(new float[] {-2f, 0f}, new float[] {2f, 10f});
        }

        @Override
        protected ResetResult<float[]> resetEpisode(Rng rng) {
            return new ResetResult<>(new float[] {0f});
        }

        @Override
        protected StepResult<float[]> stepEpisode(float[] action) {
            last = action.clone();
            return new StepResult<>(new float[] {0f}, 1.0, false, false);
        }

        @Override
        protected void saveState(CheckpointWriter out, String prefix) {}

        @Override
        protected void loadState(CheckpointReader in, String prefix) {}
    }

    @Test
    void actionWrappersClipAndRescaleIntoTheBounds() {
        ActionRecorder base = new ActionRecorder();
        var clip = new ClipAction<>(base);
        clip.reset(0);
        clip.step(new float[] {5f, -3f});
        assertEquals(2f, base.last[0]);
        assertEquals(0f, base.last[1]);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> clip.step(new float[] {Float.NaN, 0f}));
        assertTrue(nan.getMessage().contains("ActionRecorder-v0"), nan.getMessage());

        ActionRecorder base2 = new ActionRecorder();
        var rescale = new RescaleAction<>(base2, -1f, 1f);
        rescale.reset(0);
        rescale.step(new float[] {-1f, 1f});
        assertEquals(-2f, base2.last[0]);
        assertEquals(10f, base2.last[1]);
        rescale.step(new float[] {0f, 0f});
        assertEquals(0f, base2.last[0]);
        assertEquals(5f, base2.last[1]);
        assertThrows(IllegalArgumentException.class, () -> rescale.step(new float[] {1.5f, 0f}));

        var scaled = new TransformReward<>(new ActionRecorder(), r -> 3 * r);
        scaled.reset(0);
        assertEquals(3.0, scaled.step(new float[] {0f, 1f}).reward());
    }

    @Test
    void envCheckerPassesAGoodEnvAndCatchesABrokenOne() {
        EnvChecker.check(new TimeLimit<>(new RandomWalkEnv(), 50), 0, 300).assertPassed();

        /** Reuses its observation array and accepts any action: two violations the checker must find. */
        class Broken extends BaseEnv<float[], Integer> {
            final float[] shared = new float[2];

            Broken() {
                super("Broken-v0");
            }

            @Override
            public Space<float[]> observationSpace() {
                return Box.uniform(-10f, 10f, 2);
            }

            @Override
            public Space<Integer> actionSpace() {
                return new dev.reins.core.space.Discrete(2) ;
            }

            @Override
            protected ResetResult<float[]> resetEpisode(Rng rng) {
                shared[0] = 0;
                return new ResetResult<>(shared);
            }

            @Override
            protected StepResult<float[]> stepEpisode(Integer action) {
                shared[0] += 1;
                return new StepResult<>(shared, Double.NaN, shared[0] > 5, false, Map.of());
            }

            @Override
            protected void saveState(CheckpointWriter out, String prefix) {}

            @Override
            protected void loadState(CheckpointReader in, String prefix) {}
        }
        EnvCheckReport report = EnvChecker.check(new Broken(), 0, 30);
        assertFalse(report.passed());
        String text = report.toString();
        assertTrue(text.contains("modified the observation returned by the previous call"), text);
        assertTrue(text.contains("non-finite reward"), text);
    }
}
