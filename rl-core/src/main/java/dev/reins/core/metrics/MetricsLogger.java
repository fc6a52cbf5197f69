package dev.reins.core.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Writes metric rows to {@code metrics.csv} (fixed columns, blanks where a row has no value) and
 * {@code metrics.jsonl} (one object per row, only the keys it has). Numbers are printed in Java's shortest
 * round-trip form, so the same run writes byte-identical files.
 *
 * <pre>{@code
 * try (MetricsLogger log = MetricsLogger.create(runDir, List.of("step", "episode_return", "wall_seconds"))) {
 *     log.log(Map.of("step", 1200L, "episode_return", -13.0, "wall_seconds", 0.8));
 * }
 * }</pre>
 */
public final class MetricsLogger implements Closeable {
    /** The CSV file name. */
    public static final String CSV = "metrics.csv";
    /** The JSON-lines file name. */
    public static final String JSONL = "metrics.jsonl";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<String> columns;
    /** Each column's name as a quoted JSON string. */
    private final List<String> jsonKeys;
    private final BufferedWriter csv;
    private final BufferedWriter jsonl;

    private MetricsLogger(List<String> columns, BufferedWriter csv, BufferedWriter jsonl) {
        this.columns = List.copyOf(columns);
        this.jsonKeys = this.columns.stream().map(MetricsLogger::quoted).toList();
        this.csv = csv;
        this.jsonl = jsonl;
    }

    /** Starts fresh files in {@code dir} with a CSV header; the first column must be {@code step}. */
    public static MetricsLogger create(Path dir, List<String> columns) throws IOException {
        checkColumns(columns);
        Files.createDirectories(dir);
        BufferedWriter csv = Files.newBufferedWriter(dir.resolve(CSV), StandardCharsets.UTF_8);
        csv.write(String.join(",", columns));
        csv.newLine();
        BufferedWriter jsonl = Files.newBufferedWriter(dir.resolve(JSONL), StandardCharsets.UTF_8);
        return new MetricsLogger(columns, csv, jsonl);
    }

    /**
     * Continues the files in {@code dir} after a resume from a checkpoint taken at {@code lastStep}: rows logged
     * after that step (written before the interruption) are dropped, so the resumed run's files equal an uninterrupted
     * run's.
     */
    public static MetricsLogger resume(Path dir, List<String> columns, long lastStep) throws IOException {
        checkColumns(columns);
        Path csvPath = dir.resolve(CSV);
        Path jsonlPath = dir.resolve(JSONL);
        List<String> csvLines = Files.exists(csvPath) ? Files.readAllLines(csvPath) : List.of();
        String header = String.join(",", columns);
        if (!csvLines.isEmpty() && !csvLines.get(0).equals(header)) {
            throw new IOException(csvPath + " has columns '" + csvLines.get(0) + "', expected '" + header + "'");
        }
        List<String> keptCsv = new ArrayList<>();
        keptCsv.add(header);
        for (int i = 1; i < csvLines.size(); i++) {
            String line = csvLines.get(i);
            int comma = line.indexOf(',');
            long step = Long.parseLong(comma < 0 ? line : line.substring(0, comma));
            if (step <= lastStep) {
                keptCsv.add(line);
            }
        }
        List<String> keptJsonl = new ArrayList<>();
        if (Files.exists(jsonlPath)) {
            for (String line : Files.readAllLines(jsonlPath)) {
                if (!line.isBlank() && MAPPER.readTree(line).path("step").asLong() <= lastStep) {
                    keptJsonl.add(line);
                }
            }
        }
        Files.write(csvPath, keptCsv, StandardCharsets.UTF_8);
        Files.write(jsonlPath, keptJsonl, StandardCharsets.UTF_8);
        BufferedWriter csv = Files.newBufferedWriter(csvPath, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        BufferedWriter jsonl = Files.newBufferedWriter(jsonlPath, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return new MetricsLogger(columns, csv, jsonl);
    }

    private static void checkColumns(List<String> columns) {
        if (columns.isEmpty() || !columns.get(0).equals("step")) {
            throw new IllegalArgumentException("metrics columns must start with 'step', got " + columns);
        }
        if (new LinkedHashSet<>(columns).size() != columns.size()) {
            throw new IllegalArgumentException("metrics columns repeat a name: " + columns);
        }
    }

    public List<String> columns() {
        return columns;
    }

    /** Writes one row; every key must be a declared column and {@code step} must be present. */
    public void log(Map<String, ?> row) {
        if (!(row.get("step") instanceof Number)) {
            throw new IllegalArgumentException("a metrics row needs a numeric 'step', got " + row);
        }
        for (String key : row.keySet()) {
            if (!columns.contains(key)) {
                throw new IllegalArgumentException("metric '" + key + "' is not a declared column; columns: " + columns);
            }
        }
        StringBuilder line = new StringBuilder();
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            Object value = row.get(column);
            if (i > 0) {
                line.append(',');
            }
            if (value != null) {
                String text = format(value);
                line.append(text);
                if (json.length() > 1) {
                    json.append(',');
                }
                json.append(jsonKeys.get(i)).append(':').append(jsonValue(value, text));
            }
        }
        json.append('}');
        try {
            csv.write(line.toString());
            csv.newLine();
            jsonl.write(json.toString());
            jsonl.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics: " + e.getMessage(), e);
        }
    }

    /**
     * A value as Jackson writes it: integers, longs and finite doubles in Java's own form (which the CSV text already
     * is), booleans bare, everything else as a JSON string. Written by hand because a Jackson tree per row was a tenth
     * of a DQN run that logs every gradient step.
     */
    private static String jsonValue(Object value, String csvText) {
        if (value instanceof Integer || value instanceof Long || value instanceof Boolean
                || value instanceof Double d && Double.isFinite(d)) {
            return csvText;
        }
        if (value instanceof Float f) {
            return Double.isFinite(f) ? Double.toString(f.doubleValue()) : quoted(Double.toString(f.doubleValue()));
        }
        return quoted(String.valueOf(value));
    }

    private static String quoted(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String format(Object value) {
        if (value instanceof String s) {
            return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
        }
        return String.valueOf(value);
    }

    /** Pushes buffered rows to disk. */
    public void flush() {
        try {
            csv.flush();
            jsonl.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try (csv; jsonl) {
            flush();
        }
    }
}
