package dev.reins.algorithms.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/** Resume from a checkpoint taken mid-run must equal the uninterrupted run, bit for bit. */
public final class ResumeCheck {
    private ResumeCheck() {}

    /**
     * Trains one algorithm {@code total} steps straight, another stopped at {@code stopAt} (checkpoint written to a file,
     * loaded into a third, which finishes); compares the step counts and {@code parameters} of the two finished ones.
     */
    public static <T extends Algorithm<?, ?>> void assertResumeEqualsUninterrupted(Supplier<T> make, long total, long stopAt,
            Function<T, double[]> parameters) throws Exception {
        T full = make.get();
        full.learn(total, Callback.NONE);
        T first = make.get();
        first.learn(total, new Callback() {
            @Override
            public void onStep(TrainingContext ctx) {
                if (ctx.step() >= stopAt) {
                    ctx.requestStop("test");
                }
            }
        });
        CheckpointWriter out = new CheckpointWriter();
        first.save(out, "algo.");
        Path file = Files.createTempFile("resume", ".zip");
        try {
            out.writeTo(file);
            T resumed = make.get();
            resumed.load(CheckpointReader.read(file), "algo.");
            resumed.learn(total, Callback.NONE);
            assertEquals(full.stepsDone(), resumed.stepsDone());
            assertArrayEquals(parameters.apply(full), parameters.apply(resumed));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The policy's flat parameters (network, then log-std). */
    public static double[] policyParameters(ActorCritic ac) {
        double[] flat = new double[ac.policyParameterCount()];
        ac.getPolicyParameters(flat);
        return flat;
    }
}
