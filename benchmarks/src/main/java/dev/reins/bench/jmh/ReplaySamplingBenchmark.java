package dev.reins.bench.jmh;

import dev.reins.core.buffer.PrioritizedReplayBuffer;
import dev.reins.core.buffer.ReplayBatch;
import dev.reins.core.buffer.ReplayBuffer;
import dev.reins.core.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Drawing a batch of 256 CartPole-shaped transitions from a full 100k replay buffer, uniform or prioritized (α 0.6, β 0.4). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReplaySamplingBenchmark {
    @Param({"uniform", "prioritized"})
    public String kind;

    private ReplayBuffer buffer;
    private ReplayBatch batch;
    private Rng rng;

    @Setup
    public void setup() {
        buffer = kind.equals("uniform") ? new ReplayBuffer(100_000, 4, 1) : new PrioritizedReplayBuffer(100_000, 4, 1, 0.6, 1e-6);
        Rng fill = new Rng(0);
        float[] obs = new float[4];
        float[] next = new float[4];
        float[] action = new float[1];
        for (int i = 0; i < 100_000; i++) {
            for (int j = 0; j < 4; j++) {
                obs[j] = (float) fill.nextDouble();
                next[j] = (float) fill.nextDouble();
            }
            action[0] = fill.nextInt(2);
            buffer.add(obs, action, 1.0, next, fill.nextInt(100) == 0, 0.99f);
        }
        if (buffer instanceof PrioritizedReplayBuffer per) {
            int[] slots = new int[100_000];
            double[] errors = new double[100_000];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = i;
                errors[i] = fill.nextDouble() * 3;
            }
            per.updatePriorities(slots, errors, slots.length);
        }
        batch = new ReplayBatch(256, 4, 1);
        rng = new Rng(1);
    }

    @Benchmark
    public float sample() {
        if (buffer instanceof PrioritizedReplayBuffer per) {
            per.sample(rng, batch, 0.4);
        } else {
            buffer.sample(rng, batch);
        }
        return batch.observations[0];
    }
}
