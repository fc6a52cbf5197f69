package dev.reins.algorithms;

import dev.reins.core.schedule.Schedule;

/**
 * Range checks for config records; each message names the key (as written in YAML), the value and the allowed range.
 */
public final class ConfigChecks {
    private ConfigChecks() {}

    /** {@code lo ≤ value ≤ hi}. */
    public static void inClosedRange(String key, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(key + " must be in [" + lo + ", " + hi + "], got " + value);
        }
    }

    /** {@code value > 0} and finite. */
    public static void positive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }

    /** {@code value} finite. */
    public static void finite(String key, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " must be finite, got " + value);
        }
    }

    /** Every value the schedule can take lies in {@code [lo, hi]} (checked at its ends and knots). */
    public static void scheduleInRange(String key, Schedule schedule, double lo, double hi) {
        if (schedule == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        double[] probes = schedule instanceof Schedule.Piecewise p
                ? p.points().stream().mapToDouble(Schedule.Piecewise.Point::progress).toArray()
                : new double[] {0, 1};
        for (double progress : probes) {
            double v = schedule.value(progress);
            if (!(v >= lo && v <= hi)) {
                throw new IllegalArgumentException(key + " must stay in [" + lo + ", " + hi + "], but its schedule reaches " + v
                        + " at progress " + progress);
            }
        }
    }
}
