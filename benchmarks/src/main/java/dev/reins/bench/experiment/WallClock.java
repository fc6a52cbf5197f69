package dev.reins.bench.experiment;

/** Training wall time, continuing from the time already spent before a resume. */
final class WallClock {
    private final double offsetSeconds;
    private final long startNanos = System.nanoTime();

    WallClock(double offsetSeconds) {
        this.offsetSeconds = offsetSeconds;
    }

    double seconds() {
        return offsetSeconds + (System.nanoTime() - startNanos) / 1e9;
    }

    /** Seconds in this process only. */
    double sessionSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
