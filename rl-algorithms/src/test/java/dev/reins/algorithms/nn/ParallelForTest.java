package dev.reins.algorithms.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelForTest {
    @Test
    void everyIndexRunsExactlyOnceAndIndexZeroOnTheCaller() {
        ParallelFor parallel = new ParallelFor(2);
        for (int n : new int[] {0, 1, 2, 3, 7}) {
            for (int round = 0; round < 200; round++) { // back-to-back calls: the helper may still be returning to its queue
                AtomicIntegerArray runs = new AtomicIntegerArray(n);
                long[] threads = new long[n];
                parallel.run(n, i -> {
                    runs.incrementAndGet(i);
                    threads[i] = Thread.currentThread().getId();
                });
                int[] counts = new int[n];
                for (int i = 0; i < n; i++) {
                    counts[i] = runs.get(i);
                }
                int[] once = new int[n];
                java.util.Arrays.fill(once, 1);
                assertArrayEquals(once, counts);
                if (n > 0) {
                    assertEquals(Thread.currentThread().getId(), threads[0]);
                }
                if (n > 1) {
                    assertNotEquals(threads[0], threads[1], "index 1 runs on the helper");
                }
            }
        }
    }

    @Test
    void aFailureOnTheHelperReachesTheCallerAfterTheCallerFinishes() {
        ParallelFor parallel = new ParallelFor(2);
        boolean[] callerDone = new boolean[1];
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parallel.run(2, i -> {
            if (i == 1) {
                throw new IllegalStateException("critic 1 diverged");
            }
            callerDone[0] = true;
        }));
        assertEquals("critic 1 diverged", e.getMessage());
        assertEquals(true, callerDone[0]);
        parallel.run(2, i -> {}); // still usable
    }

    @Test
    void aSplitBackwardGivesTheBitsOfAOneThreadBackward() {
        Mlp serial = Mlp.builder(8, 3).hidden(256, 256).activation(Activation.TANH).precision(Precision.FLOAT32).maxBatch(64)
                .build(new dev.reins.core.random.Rng(3));
        Mlp split = serial.copy();
        ParallelFor parallel = new ParallelFor(2);
        split.parallel(parallel);
        dev.reins.core.random.Rng rng = new dev.reins.core.random.Rng(4);
        double[] input = new double[64 * 8];
        double[] outputGradient = new double[64 * 3];
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < input.length; k++) {
                input[k] = rng.nextGaussian();
            }
            for (int k = 0; k < outputGradient.length; k++) {
                outputGradient[k] = rng.nextGaussian();
            }
            double[][] inputGradients = new double[2][input.length];
            Mlp[] nets = {serial, split};
            for (int n = 0; n < 2; n++) {
                nets[n].forward(input, 64, new double[64 * 3], true);
                nets[n].backward(outputGradient, inputGradients[n]);
            }
            assertArrayEquals(serial.gradients(), split.gradients(), "round " + round);
            assertArrayEquals(inputGradients[0], inputGradients[1], "round " + round);
            // Identical updates keep the two networks equal for the next round.
            for (Mlp net : nets) {
                double[] p = net.parameters();
                double[] g = net.gradients();
                for (int k = 0; k < p.length; k++) {
                    p[k] -= 1e-3 * g[k];
                }
                net.zeroGradients();
            }
        }
        assertTrue(parallel.parallelRuns() >= 3, "the 256 × 256 layer splits every round: " + parallel.parallelRuns());
    }

    @Test
    void oneThreadRunsInOrderOnTheCaller() {
        StringBuilder order = new StringBuilder();
        new ParallelFor(1).run(4, order::append);
        assertEquals("0123", order.toString());
        assertThrows(IllegalArgumentException.class, () -> new ParallelFor(0));
    }
}
