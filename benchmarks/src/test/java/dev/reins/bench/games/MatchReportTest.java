package dev.reins.bench.games;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchReportTest {
    @TempDir
    Path tmp;

    @Test
    void matchesBecomeRowsATableAndStackedBars() throws Exception {
        Path a = tmp.resolve("seed0-vs-uct1000.json");
        Files.writeString(a, "{\"opponent\": \"uct:1000\", \"games\": 100, \"wins\": 85, \"draws\": 6, \"losses\": 9}");
        Path b = tmp.resolve("seed0-vs-alphabeta4.json");
        Files.writeString(b, "{\"opponent\": \"alphabeta:4\", \"games\": 10, \"wins\": 7, \"draws\": 1, \"losses\": 2, \"seed\": 0}");
        List<MatchReport.Row> rows = MatchReport.read(List.of(a, b));
        assertEquals(new MatchReport.Row("seed0-vs-uct1000", "uct:1000", 100, 85, 6, 9), rows.get(0));
        String md = MatchReport.markdown(rows);
        assertTrue(md.contains("| seed0-vs-uct1000 | uct:1000 | 100 | 85 | 6 | 9 | 88.0 % |"), md);
        assertTrue(md.contains("| seed0-vs-alphabeta4 | alphabeta:4 | 10 | 7 | 1 | 2 | 75.0 % |"), md);
        MatchReport.writePng(tmp.resolve("m.png"), "t", rows);
        assertTrue(Files.size(tmp.resolve("m.png")) > 1000);

        Path other = tmp.resolve("summary.json");
        Files.writeString(other, "{\"algo\": \"ppo\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatchReport.read(List.of(other)));
        assertEquals(other + ": not a match result of 'reins eval' (no 'opponent')", e.getMessage());
    }
}
