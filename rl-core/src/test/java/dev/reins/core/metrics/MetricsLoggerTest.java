package dev.reins.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLoggerTest {
    @TempDir
    Path dir;

    private static Map<String, Object> row(long step, Double ret, Double loss) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        if (ret != null) {
            row.put("episode_return", ret);
        }
        if (loss != null) {
            row.put("loss", loss);
        }
        return row;
    }

    /**
     * The hand-written JSON lines equal what a Jackson tree of the same row serializes to, for every kind of value
     * a row holds: longs, ints, doubles of every scale, non-finite values, floats, booleans and strings needing escapes.
     */
    @Test
    void jsonLinesEqualJacksonsSerialization() throws Exception {
        List<String> columns = List.of("step", "d", "i", "f", "b", "s", "weird \"key\"");
        java.util.Random random = new java.util.Random(7);
        List<String> expected = new java.util.ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e-300, 1e300, Double.MIN_VALUE};
        try (MetricsLogger log = MetricsLogger.create(dir, columns)) {
            for (int k = 0; k < 2000; k++) {
                Map<String, Object> row = new LinkedHashMap<>();
                com.fasterxml.jackson.databind.node.ObjectNode json = mapper.createObjectNode();
                row.put("step", (long) k);
                json.put("step", (long) k);
                double d = k < specials.length ? specials[k] : random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                if (random.nextBoolean() || k < specials.length) {
                    row.put("d", d);
                    if (Double.isFinite(d)) {
                        json.put("d", d);
                    } else {
                        json.put("d", Double.toString(d));
                    }
                }
                if (random.nextBoolean()) {
                    row.put("i", random.nextInt());
                    json.put("i", (Integer) row.get("i"));
                }
                if (random.nextBoolean()) {
                    float f = k % 50 == 0 ? Float.NaN : (float) d;
                    row.put("f", f);
                    json.put("f", (double) f);
                }
                if (random.nextBoolean()) {
                    row.put("b", k % 3 == 0);
                    json.put("b", k % 3 == 0);
                }
                if (random.nextBoolean()) {
                    row.put("s", "a\"b\\c\n\u0001é" + k);
                    json.put("s", (String) row.get("s"));
                }
                if (random.nextBoolean()) {
                    row.put("weird \"key\"", 1.5);
                    json.put("weird \"key\"", 1.5);
                }
                log.log(row);
                expected.add(mapper.writeValueAsString(json));
            }
        }
        assertEquals(expected, Files.readAllLines(dir.resolve("metrics.jsonl")));
    }

    @Test
    void writesCsvWithBlanksAndJsonLinesWithPresentKeys() throws Exception {
        try (MetricsLogger log = MetricsLogger.create(dir, List.of("step", "episode_return", "loss"))) {
            log.log(row(10, -13.0, null));
            log.log(row(20, null, 0.125));
        }
        assertEquals(List.of("step,episode_return,loss", "10,-13.0,", "20,,0.125"), Files.readAllLines(dir.resolve("metrics.csv")));
        assertEquals(List.of("{\"step\":10,\"episode_return\":-13.0}", "{\"step\":20,\"loss\":0.125}"),
                Files.readAllLines(dir.resolve("metrics.jsonl")));
    }

    @Test
    void resumeDropsRowsWrittenAfterTheCheckpoint() throws Exception {
        List<String> columns = List.of("step", "episode_return", "loss");
        try (MetricsLogger log = MetricsLogger.create(dir, columns)) {
            for (long s = 1; s <= 5; s++) {
                log.log(row(s * 10, (double) s, null));
            }
        }
        try (MetricsLogger log = MetricsLogger.resume(dir, columns, 30)) {
            log.log(row(40, 99.0, null));
        }
        assertEquals(List.of("step,episode_return,loss", "10,1.0,", "20,2.0,", "30,3.0,", "40,99.0,"),
                Files.readAllLines(dir.resolve("metrics.csv")));
        assertEquals(4, Files.readAllLines(dir.resolve("metrics.jsonl")).size());
    }

    @Test
    void undeclaredColumnsAreRejected() throws Exception {
        try (MetricsLogger log = MetricsLogger.create(dir, List.of("step", "loss"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.log(row(1, 2.0, null)));
            assertEquals("metric 'episode_return' is not a declared column; columns: [step, loss]", e.getMessage());
        }
    }
}
