package dev.reins.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the CLI in-process for tests and returns {exit code, stdout + stderr}. */
final class CliRun {
    private CliRun() {}

    static Object[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            return new Object[] {Reins.run(args), buffer.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** A run's metrics.csv without its wall_seconds column (the second): what must be equal between equal runs. */
    static List<String> metricsWithoutWallTime(Path runDir) throws IOException {
        return Files.readAllLines(runDir.resolve("metrics.csv")).stream().map(line -> {
            String[] cells = line.split(",", -1);
            return cells[0] + "," + String.join(",", java.util.Arrays.copyOfRange(cells, 2, cells.length));
        }).toList();
    }
}
