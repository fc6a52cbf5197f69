package dev.reins.bench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import dev.reins.core.config.ConfigException;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Where a random search draws one hyperparameter from: {@code {log_uniform: [lo, hi]}}, {@code {uniform: [lo, hi]}},
 * {@code {int_uniform: [lo, hi]}} (both ends included) or {@code {choice: [a, b, ...]}}.
 *
 * <pre>{@code
 * SearchSpace lr = SearchSpace.parse("learning_rate", yaml("{log_uniform: [1.0e-5, 1.0e-2]}"));
 * JsonNode value = lr.draw(rng);
 * }</pre>
 */
public sealed interface SearchSpace {
    /** One value, drawn with {@code rng}. */
    JsonNode draw(RandomGenerator rng);

    /** Uniform in log space between {@code low} and {@code high} (both > 0). */
    record LogUniform(double low, double high) implements SearchSpace {
        public JsonNode draw(RandomGenerator rng) {
            return DoubleNode.valueOf(Math.exp(Math.log(low) + rng.nextDouble() * (Math.log(high) - Math.log(low))));
        }
    }

    /** Uniform between {@code low} and {@code high}. */
    record Uniform(double low, double high) implements SearchSpace {
        public JsonNode draw(RandomGenerator rng) {
            return DoubleNode.valueOf(low + rng.nextDouble() * (high - low));
        }
    }

    /** An integer from {@code low} to {@code high}, both included. */
    record IntUniform(long low, long high) implements SearchSpace {
        public JsonNode draw(RandomGenerator rng) {
            return com.fasterxml.jackson.databind.node.LongNode.valueOf(low + (long) Math.floor(rng.nextDouble() * (high - low + 1)));
        }
    }

    /** One of the listed values, each equally likely. */
    record Choice(List<JsonNode> values) implements SearchSpace {
        public JsonNode draw(RandomGenerator rng) {
            return values.get((int) Math.floor(rng.nextDouble() * values.size()));
        }
    }

    /** Reads {@code node} as the space of hyperparameter {@code key}; errors name the key and what was expected. */
    static SearchSpace parse(String key, JsonNode node) {
        String expected = "one of {log_uniform: [lo, hi]}, {uniform: [lo, hi]}, {int_uniform: [lo, hi]}, {choice: [values]}";
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new ConfigException("random." + key + ": expected " + expected + ", got " + node);
        }
        String kind = node.fieldNames().next();
        JsonNode args = node.get(kind);
        if (kind.equals("choice")) {
            if (!args.isArray() || args.isEmpty()) {
                throw new ConfigException("random." + key + ".choice: expected a non-empty list, got " + args);
            }
            List<JsonNode> values = new java.util.ArrayList<>();
            args.forEach(values::add);
            return new Choice(List.copyOf(values));
        }
        if (!args.isArray() || args.size() != 2 || !args.get(0).isNumber() || !args.get(1).isNumber()) {
            throw new ConfigException("random." + key + "." + kind + ": expected [low, high], got " + args);
        }
        double low = args.get(0).asDouble();
        double high = args.get(1).asDouble();
        if (!(low < high)) {
            throw new ConfigException("random." + key + "." + kind + ": low must be below high, got " + args);
        }
        return switch (kind) {
            case "log_uniform" -> {
                if (!(low > 0)) {
                    throw new ConfigException("random." + key + ".log_uniform: both ends must be > 0, got " + args);
                }
                yield new LogUniform(low, high);
            }
            case "uniform" -> new Uniform(low, high);
            case "int_uniform" -> {
                if (low != Math.rint(low) || high != Math.rint(high)) {
                    throw new ConfigException("random." + key + ".int_uniform: both ends must be integers, got " + args);
                }
                yield new IntUniform((long) low, (long) high);
            }
            default -> throw new ConfigException("random." + key + ": unknown kind '" + kind + "'; expected " + expected);
        };
    }
}
