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
