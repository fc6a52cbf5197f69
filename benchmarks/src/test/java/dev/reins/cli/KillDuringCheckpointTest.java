package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} during a checkpoint write (#19): a child JVM trains with frequent checkpoints; the test freezes it
 * (SIGSTOP) the moment a checkpoint's temporary file exists, and kills it (SIGKILL) if the write is still under way,
 * so the kill lands mid-write every time. Resuming then gives the metrics of an uninterrupted run, and the
 * temporary file the killed write left is gone.
 */
@EnabledOnOs(OS.LINUX)
class KillDuringCheckpointTest {
    @TempDir
    Path tmp;

    private static final String[] RUN = {"train", "--algo", "dqn", "--env", "CartPole-v1", "--steps", "6000", "--checkpoint-every",
        "100", "--eval-episodes", "3", "--no-progress", "--hp", "learning_starts=500", "--hp", "train_frequency=4", "--hp",
        "gradient_steps=1", "--hp", "hidden=[64,64]", "--hp", "buffer_size=10000"};

    @Test
    void aRunKilledMidCheckpointResumesToTheUninterruptedResultWithoutDebris() throws Exception {
        Path reference = tmp.resolve("reference");
        Object[] full = CliRun.run(with("--out", reference.toString()));
        assertEquals(0, full[0], (String) full[1]);

        Path killed = tmp.resolve("killed");
        boolean caughtMidWrite = false;
        for (int attempt = 0; attempt < 3 && !caughtMidWrite; attempt++) {
            if (Files.exists(killed)) {
                dev.reins.core.checkpoint.AtomicDirectory.deleteTree(killed);
            }
            caughtMidWrite = killDuringACheckpointWrite(killed);
        }
        assertTrue(caughtMidWrite, "the child was killed while a checkpoint was being written");
        assertFalse(temporaries(killed).isEmpty(), "the killed write left its temporary file");
        assertTrue(Files.exists(killed.resolve("checkpoint.zip")), "an earlier checkpoint is intact");

        Object[] resumed = CliRun.run("train", "--resume", killed.toString());
        assertEquals(0, resumed[0], (String) resumed[1]);
        assertEquals(List.of(), temporaries(killed), "resuming cleans up what the kill left");
        assertEquals(CliRun.metricsWithoutWallTime(reference), CliRun.metricsWithoutWallTime(killed));
        assertEquals(evalOf(reference), evalOf(killed));
    }

    /** Starts the run in a child JVM and kills it during a checkpoint write; false if it finished first. */
    private boolean killDuringACheckpointWrite(Path out) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Reins.class.getName()));
        command.addAll(List.of(with("--out", out.toString())));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try {
            while (child.isAlive() && System.nanoTime() < deadline) {
                // Not the first checkpoint: the run must have one to resume from.
                if (!temporaries(out).isEmpty() && Files.exists(out.resolve("checkpoint.zip"))) {
                    signal(child.pid(), "STOP");
                    if (!temporaries(out).isEmpty()) {
                        child.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks, as kill -9
                        child.waitFor();
                        return true;
                    }
                    signal(child.pid(), "CONT");
                }
            }
            return false;
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
    }

    private static void signal(long pid, String signal) throws IOException, InterruptedException {
        // The shell's kill: every Linux has /bin/sh, not every one /bin/kill.
        new ProcessBuilder("sh", "-c", "kill -" + signal + " " + pid).start().waitFor();
    }

    private static List<Path> temporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        }
    }

    private static String[] with(String... more) {
        return Stream.concat(Stream.of(RUN), Stream.of(more)).toArray(String[]::new);
    }


    private static String evalOf(Path dir) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("summary.json").toFile()).path("eval").toString();
    }
}
