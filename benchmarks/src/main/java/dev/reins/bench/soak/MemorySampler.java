package dev.reins.bench.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Samples this process's memory on a daemon thread every {@code intervalSeconds} (and once at start and stop).
 *
 * <pre>{@code
 * MemorySampler sampler = MemorySampler.start(10, algorithm::stepsDone);
 * ... train ...
 * List<MemorySample> samples = sampler.stop();
 * }</pre>
 */
public final class MemorySampler {
    private static final double MB = 1024.0 * 1024.0;
    private final List<MemorySample> samples = new ArrayList<>();
    private final LongSupplier steps;
    private final long start = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    private MemorySampler(double intervalSeconds, LongSupplier steps) {
        this.steps = steps;
        this.thread = new Thread(() -> {
            long next = start;
            while (running) {
                sample();
                next += (long) (intervalSeconds * 1e9);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "memory-sampler");
        thread.setDaemon(true);
    }

    /** Starts sampling; {@code steps} is read at each sample. */
    public static MemorySampler start(double intervalSeconds, LongSupplier steps) {
        if (!(intervalSeconds > 0)) {
            throw new IllegalArgumentException("the sampling interval must be > 0 s, got " + intervalSeconds);
        }
        MemorySampler sampler = new MemorySampler(intervalSeconds, steps);
        sampler.thread.start();
        return sampler;
    }

    /** Stops sampling, takes a last sample and returns them all in time order. */
    public List<MemorySample> stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        sample();
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    private void sample() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemorySample s = new MemorySample((System.nanoTime() - start) / 1e9, steps.getAsLong(), residentMb(), heap.getUsed() / MB,
                heap.getCommitted() / MB, org.bytedeco.javacpp.Pointer.totalBytes() / MB);
        synchronized (samples) {
            samples.add(s);
        }
    }

    /** VmRSS from /proc/self/status, NaN elsewhere. */
    static double residentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
