package dev.reins.bench.jmh;

import dev.reins.core.estimate.GeneralizedAdvantageEstimator;
import dev.reins.core.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** GAE(γ = 0.99, λ = 0.95) over a 2048-step × 8-env rollout with episode ends sprinkled in. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GaeBenchmark {
    private static final int STEPS = 2048;
    private static final int ENVS = 8;
    private final double[] rewards = new double[STEPS * ENVS];
    private final double[] values = new double[STEPS * ENVS];
    private final double[] nextValues = new double[STEPS * ENVS];
    private final boolean[] terminated = new boolean[STEPS * ENVS];
    private final boolean[] truncated = new boolean[STEPS * ENVS];
    private final double[] advantages = new double[STEPS * ENVS];
    private final double[] returns = new double[STEPS * ENVS];

    @Setup
    public void setup() {
        Rng rng = new Rng(0);
        for (int i = 0; i < rewards.length; i++) {
            rewards[i] = rng.nextDouble();
            values[i] = rng.nextDouble();
            nextValues[i] = rng.nextDouble();
            terminated[i] = rng.nextInt(200) == 0;
            truncated[i] = !terminated[i] && rng.nextInt(500) == 0;
        }
    }

    @Benchmark
    public double gae() {
        GeneralizedAdvantageEstimator.compute(STEPS, ENVS, rewards, values, nextValues, terminated, truncated, 0.99, 0.95, advantages,
                returns);
        return advantages[0];
    }
}
