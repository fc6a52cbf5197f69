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
                throw new IllegalArgumentException(key + " must stay in " + range(lo, hi) + ", but its schedule reaches " + v
                        + (progress == 0 ? " at the start" : progress == 1 ? " at the end" : " at progress " + progress));
            }
        }
    }

    /** {@code [lo, hi]}, or {@code (0, hi]} for the smallest positive lower bound. */
    private static String range(double lo, double hi) {
        return lo == Double.MIN_VALUE ? "(0, " + hi + "]" : "[" + lo + ", " + hi + "]";
    }

    /** A non-empty list of positive layer widths; returns an unmodifiable copy. */
    public static java.util.List<Integer> layerWidths(String key, java.util.List<Integer> widths) {
        if (widths == null || widths.isEmpty() || widths.stream().anyMatch(h -> h == null || h <= 0)) {
            throw new IllegalArgumentException(key + " must be a non-empty list of positive layer widths, got " + widths);
        }
        return java.util.List.copyOf(widths);
    }

    /** A required enum value; the message lists the allowed ones (lower case, as written in YAML). */
    public static void notNull(String key, Object value, Enum<?>[] allowed) {
        if (value == null) {
            throw new IllegalArgumentException(key + " must be one of " + java.util.Arrays.stream(allowed)
                    .map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList());
        }
    }
}
