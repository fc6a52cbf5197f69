package dev.reins.core.schedule;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * A value as a function of training progress {@code p = step / totalSteps} in [0, 1].
 *
 * <pre>{@code
 * Schedule epsilon = new Schedule.Linear(1.0, 0.05, 0.5);   // 1 → 0.05 over the first half, then 0.05
 * double e = epsilon.value(step / (double) totalSteps);
 * }</pre>
 *
 * In YAML: {@code epsilon: 0.1} (constant) or {@code epsilon: {type: linear, start: 1.0, end: 0.05, fraction: 0.5}}.
 */
@JsonDeserialize(using = ScheduleDeserializer.class)
@JsonSerialize(using = ScheduleSerializer.class)
public sealed interface Schedule permits Schedule.Constant, Schedule.Linear, Schedule.Exponential, Schedule.Piecewise {

    /** The value at progress {@code p} (clamped into [0, 1]). */
    double value(double progress);

    /** The type name used in configs. */
    String type();

    private static double clamp(double p) {
        return Math.max(0, Math.min(1, p));
    }

    /** Always {@code value}. */
    @JsonDeserialize(using = JsonDeserializer.None.class) // the records themselves bind normally
    record Constant(double value) implements Schedule {
        public Constant {
            requireFinite("value", value);
        }

        @Override
        public double value(double progress) {
            return value;
        }

        @Override
        public String type() {
            return "constant";
        }
    }

    /** From {@code start} to {@code end} linearly over the first {@code fraction} of training, then {@code end}. */
    @JsonDeserialize(using = JsonDeserializer.None.class) // the records themselves bind normally
    record Linear(double start, double end, double fraction) implements Schedule {
        public Linear {
            requireFinite("start", start);
            requireFinite("end", end);
            requireFraction(fraction);
        }

        @Override
        public double value(double progress) {
            double f = Math.min(1, clamp(progress) / fraction);
            return start + f * (end - start);
        }

        @Override
        public String type() {
            return "linear";
        }
    }

    /** From {@code start} to {@code end} geometrically over the first {@code fraction} of training; both positive. */
    @JsonDeserialize(using = JsonDeserializer.None.class) // the records themselves bind normally
    record Exponential(double start, double end, double fraction) implements Schedule {
        public Exponential {
            if (!(start > 0) || !(end > 0) || !Double.isFinite(start) || !Double.isFinite(end)) {
                throw new IllegalArgumentException("exponential schedule needs finite start > 0 and end > 0, got start="
                        + start + ", end=" + end);
            }
            requireFraction(fraction);
        }

        @Override
        public double value(double progress) {
            double f = Math.min(1, clamp(progress) / fraction);
            return start * Math.pow(end / start, f);
        }

        @Override
        public String type() {
            return "exponential";
        }
    }

    /** Linear interpolation between points sorted by progress; flat before the first and after the last. */
    @JsonDeserialize(using = JsonDeserializer.None.class) // the records themselves bind normally
    record Piecewise(List<Point> points) implements Schedule {
        /** A (progress, value) knot. */
        public record Point(double progress, double value) {}

        public Piecewise {
            if (points == null || points.isEmpty()) {
                throw new IllegalArgumentException("piecewise schedule needs at least one point");
            }
            points = List.copyOf(points);
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                if (!(p.progress() >= 0 && p.progress() <= 1) || !Double.isFinite(p.value())) {
                    throw new IllegalArgumentException("piecewise point " + i + " must have progress in [0, 1] and a finite value, got "
                            + p);
                }
                if (i > 0 && p.progress() < points.get(i - 1).progress()) {
                    throw new IllegalArgumentException("piecewise points must be sorted by progress; point " + i + " (" + p
                            + ") comes before point " + (i - 1));
                }
            }
        }

        @Override
        public double value(double progress) {
            double p = clamp(progress);
            Point first = points.get(0);
            if (p <= first.progress()) {
                return first.value();
            }
            for (int i = 1; i < points.size(); i++) {
                Point a = points.get(i - 1);
                Point b = points.get(i);
                if (p <= b.progress()) {
                    double span = b.progress() - a.progress();
                    return span == 0 ? b.value() : a.value() + (p - a.progress()) / span * (b.value() - a.value());
                }
            }
            return points.get(points.size() - 1).value();
        }

        @Override
        public String type() {
            return "piecewise";
        }
    }

    private static void requireFinite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("schedule " + name + " must be finite, got " + v);
        }
    }

    private static void requireFraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("schedule fraction must be in (0, 1], got " + fraction);
        }
    }
}
