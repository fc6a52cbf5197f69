package dev.reins.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWritesTest {
    @TempDir
    Path tmp;

    private static java.util.List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void staleTemporariesOfKilledWritesAreRemovedAndNothingElse() throws IOException {
        Files.writeString(tmp.resolve("checkpoint.zip"), "good");
        Files.writeString(tmp.resolve(".checkpoint.zip.1a2b3c.tmp"), "half");
        Files.writeString(tmp.resolve(".hidden-notes"), "mine");
        Files.writeString(tmp.resolve("data.tmp"), "mine too");
        AtomicFiles.removeStaleTemporaries(tmp);
        assertEquals(java.util.List.of(".hidden-notes", "checkpoint.zip", "data.tmp"), names(tmp));
        AtomicFiles.removeStaleTemporaries(tmp.resolve("absent")); // no folder: nothing to do
    }

    @Test
    void aFailedWriteNamesTheTargetNotItsTemporary() {
        Path target = tmp.resolve("missing-dir-is-a-file");
        assertThrows(IOException.class, () -> {
            Files.writeString(target, "x");
            AtomicFiles.writeString(target.resolve("eval.json"), "{}");
        });
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> AtomicFiles.writeString(Path.of("/proc/reins-cannot-write-here.json"), "{}"));
        assertEquals("/proc/reins-cannot-write-here.json", e.getFile());
    }

    @Test
    void aDirectoryIsReplacedWholeWithNormalPermissionsAndStaleSiblingsGo() throws IOException {
        Path dir = tmp.resolve("model");
        AtomicDirectory.write(dir, staging -> Files.writeString(staging.resolve("a"), "1"));
        AtomicDirectory.write(dir, staging -> Files.writeString(staging.resolve("b"), "2"));
        assertEquals(java.util.List.of("b"), names(dir));
        Path reference = Files.createDirectory(tmp.resolve("reference"));
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(dir),
                "the umask's permissions, not a temp directory's owner-only ones");
        Files.delete(reference);
        Path staging = AtomicDirectory.createStaging(dir); // as a killed writer leaves it
        Files.writeString(staging.resolve("half"), "x");
        assertThrows(IOException.class, () -> AtomicDirectory.write(dir, s -> {
            throw new IOException("disk full");
        }));
        assertEquals(java.util.List.of("b"), names(dir), "a failed write leaves the old directory");
        AtomicDirectory.removeStaleSiblings(dir);
        assertEquals(java.util.List.of("model"), names(tmp));
        assertFalse(Files.exists(staging));
    }
}
