package dev.reins.bench.jmh;

import dev.reins.core.random.Rng;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.VectorEnv;
import dev.reins.envs.registry.VectorEnvs;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One step of a vector of {@code numEnvs} envs (next-step autoreset), i.e. {@code numEnvs} transitions per operation.
 * Action rows are pre-drawn.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VectorEnvStepBenchmark {
    @Param({"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"})
    public String env;

    @Param({"8", "64"})
    public int numEnvs;

    private VectorEnv<Object> envs;
    private Object[][] actions;
    private int next;

    @Setup
    public void setup() {
        envs = VectorEnvs.make(env, numEnvs, AutoresetMode.NEXT_STEP, Map.of());
        Rng rng = new Rng(0);
        actions = new Object[64][];
        for (int k = 0; k < actions.length; k++) {
            Object sample = envs.singleActionSpace().sample(rng);
            actions[k] = sample instanceof float[] ? new float[numEnvs][] : new Integer[numEnvs];
            for (int i = 0; i < numEnvs; i++) {
                actions[k][i] = envs.singleActionSpace().sample(rng);
            }
        }
        envs.reset(0);
    }

    @Benchmark
    public float step() {
        envs.step(actions[next++ & 63]);
        return envs.observations()[0];
    }
}
