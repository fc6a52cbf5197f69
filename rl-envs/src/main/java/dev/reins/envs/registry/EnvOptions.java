package dev.reins.envs.registry;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The options an env is made with: the registered defaults overlaid with what the user gave. Typed getters reject
 * values of the wrong type with a message naming the env, the option and the value.
 */
public final class EnvOptions {
    private final String id;
    private final Map<String, Object> values;

    EnvOptions(String id, Map<String, Object> defaults, Map<String, ?> given) {
        this.id = id;
        Map<String, Object> merged = new TreeMap<>(defaults);
        for (Map.Entry<String, ?> e : given.entrySet()) {
            if (!defaults.containsKey(e.getKey())) {
                throw new IllegalArgumentException(id + " has no option '" + e.getKey() + "'; options: "
                        + (defaults.isEmpty() ? "(none)" : String.join(", ", new TreeMap<>(defaults).keySet())));
            }
            merged.put(e.getKey(), e.getValue());
        }
        this.values = merged;
    }

    /** All options, resolved. */
    public Map<String, Object> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    public boolean getBoolean(String key) {
        Object v = values.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw invalid(key, v, "true or false");
    }

    public double getDouble(String key) {
        Object v = values.get(key);
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw invalid(key, v, "a finite number");
    }

    public String getString(String key) {
        Object v = values.get(key);
        if (v instanceof String s) {
            return s;
        }
        throw invalid(key, v, "a string");
    }

    /** A list of strings, or null when the option is unset (null). */
    public List<String> getStringList(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> list && list.stream().allMatch(x -> x instanceof String)) {
            return list.stream().map(String.class::cast).toList();
        }
        if (v instanceof String s) {
            return List.of(s.split(","));
        }
        throw invalid(key, v, "a list of strings");
    }

    /** A list of numbers. */
    public double[] getDoubleArray(String key, int length) {
        Object v = values.get(key);
        if (v instanceof List<?> list && list.size() == length && list.stream().allMatch(x -> x instanceof Number)) {
            return list.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        }
        if (v instanceof double[] d && d.length == length) {
            return d.clone();
        }
        throw invalid(key, v, "a list of " + length + " numbers");
    }

    private IllegalArgumentException invalid(String key, Object value, String expected) {
        return new IllegalArgumentException(id + " option '" + key + "' must be " + expected + ", got " + value);
    }
}
