package dev.reins.bench.jmh;

import dev.reins.core.env.Env;
import dev.reins.core.random.Rng;
import dev.reins.envs.registry.Envs;
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
 * One env step through the public API — {@code Envs.make(id)} with its time limit, contract checks and a fresh
 * {@code StepResult} — resetting when an episode ends. Actions come from a pre-drawn random sequence so the generator
 * is not measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvStepBenchmark {
    @Param({"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"})
    public String env;

    private Env<float[], Object> instance;
    private Object[] actions;
    private int next;

    @Setup
    @SuppressWarnings("unchecked")
    public void setup() {
        instance = Envs.make(env);
        Rng rng = new Rng(0);
        actions = new Object[4096];
        for (int i = 0; i < actions.length; i++) {
            actions[i] = instance.actionSpace().sample(rng);
        }
        instance.reset(0);
    }

    @Benchmark
    public float step() {
        var r = instance.step(actions[next++ & 4095]);
        if (r.done()) {
            instance.reset();
        }
        return r.observation()[0];
    }
}
