package dev.reins.bench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.bench.experiment.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void theSlopeIsTakenWhileTrainingAfterWarmUpNotOverTheEndOfRunWork() {
        List<MemorySample> samples = new ArrayList<>();
        for (int t = 0; t <= 100; t += 10) {
            // Warm-up jump, then 2 MB per 10 s while training; the last sample (after the run) jumps again.
            double rss = t == 0 ? 90 : 200 + 0.2 * t;
            samples.add(new MemorySample(t, t * 1000L, rss, 50, 200, 0));
        }
        samples.add(new MemorySample(104, 100_000, 400, 60, 200, 0));
        SoakBenchmark.Run run = new SoakBenchmark.Run("dqn", "CartPole-v1", 100_000, 104, samples);
        assertEquals(0.2 * 1024, run.rssSlopeKbPerSecond(), 1e-9);
        assertEquals(400, run.end().rssMb());
        assertTrue(run.steady().stream().allMatch(s -> s.seconds() >= 26 && s.seconds() <= 100));
    }

    /** A run over before a training sample after warm-up was taken (only the first and the last) still writes its row. */
    @Test
    void aRunWithoutSteadySamplesStillWritesItsRow() throws Exception {
        List<MemorySample> samples = List.of(new MemorySample(0, 0, 90, 50, 200, 0), new MemorySample(0.3, 3000, 120, 60, 200, 0));
        SoakBenchmark.Run run = new SoakBenchmark.Run("dqn", "CartPole-v1", 3000, 0.3, samples);
        SoakBenchmark.write(tmp, List.of(run), 0.05, "test");
        String md = Files.readString(tmp.resolve("soak.md"));
        assertTrue(md.contains("| dqn | CartPole-v1 | 3000 | 0 | 2 | NaN |"), md);
    }

    @Test
    void aShortSoakSamplesTheRunsAndWritesTheTableTheSamplesAndThePlot() throws Exception {
        List<SoakBenchmark.Run> runs = new ArrayList<>();
        for (RunConfig config : SoakBenchmark.configs(3000)) {
            runs.add(SoakBenchmark.measure(config, tmp.resolve("runs").resolve(config.algo()), 0.05, System.out));
        }
        assertEquals(List.of("dqn", "ppo"), runs.stream().map(SoakBenchmark.Run::algo).toList());
        for (SoakBenchmark.Run r : runs) {
            assertTrue(r.samples().size() >= 2, "a first and a last sample at least");
            assertTrue(r.end().steps() >= 3000, "the last sample is taken after training: " + r.end());
            assertTrue(r.samples().stream().allMatch(s -> s.heapCommittedMb() >= s.heapUsedMb() && s.heapUsedMb() > 0));
        }
        SoakBenchmark.write(tmp, runs, 0.05, "test");
        String md = Files.readString(tmp.resolve("soak.md"));
        assertTrue(md.contains("| dqn | CartPole-v1 | 3000 |") && md.contains("| ppo | CartPole-v1 | 3000 |"), md);
        long rows = Files.readAllLines(tmp.resolve("soak.csv")).size() - 1;
        assertEquals(runs.stream().mapToInt(r -> r.samples().size()).sum(), rows);
        assertTrue(Files.size(tmp.resolve("soak.png")) > 1000);
    }
}
