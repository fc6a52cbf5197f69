package dev.reins.bench.jmh;

import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.Initialization;
import dev.reins.algorithms.nn.Mlp;
import dev.reins.algorithms.nn.Network;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
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

/**
 * Inference forward of the PPO/DQN-sized MLP (4 → 64 → 64 → 2, tanh) at batch 1, 64 and 256, float64 and float32, plain
 * Java and DL4J.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MlpForwardBenchmark {
    @Param({"1", "64", "256"})
    public int batch;

    /** The arithmetic of the passes (parameters and Adam stay float64). */
    @Param({"FLOAT64", "FLOAT32"})
    public Precision precision;

    /** What computes the passes: the plain-Java Mlp or DL4J (a MultiLayerNetwork with the same weights). */
    @Param({"JAVA", "DL4J"})
    public NetworkBackend backend;

    private Network mlp;
    private double[] input;
    private double[] output;

    @Setup
    public void setup() {
        mlp = Mlp.builder(4, 2).hidden(64, 64).activation(Activation.TANH).init(Initialization.ORTHOGONAL, Math.sqrt(2), 0.01)
                .maxBatch(256).precision(precision).build(new Rng(0));
        mlp = backend.network((Mlp) mlp);
        input = new double[256 * 4];
        Rng rng = new Rng(1);
        for (int i = 0; i < input.length; i++) {
            input[i] = rng.nextDouble() - 0.5;
        }
        output = new double[256 * 2];
    }

    @Benchmark
    public double forward() {
        mlp.forward(input, batch, output, false);
        return output[0];
    }
}
