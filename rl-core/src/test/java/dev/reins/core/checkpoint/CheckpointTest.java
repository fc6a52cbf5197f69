package dev.reins.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    private Path writeSample() throws Exception {
        CheckpointWriter out = new CheckpointWriter();
        out.putDoubles("w", new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        out.putFloats("f", new float[] {0.5f});
        out.putInts("i", new int[] {7, 8});
        out.putLongs("rng", new long[] {Long.MIN_VALUE, 1, 2, Long.MAX_VALUE});
        out.putString("name", "q-learning ✓");
        out.putJson("meta", Map.of("step", 12));
        Path file = dir.resolve("ckpt.zip");
        out.writeTo(file);
        return file;
    }

    @Test
    void roundTripsEveryType() throws Exception {
        CheckpointReader in = CheckpointReader.read(writeSample());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, in.doubles("w", 2, 3));
        assertArrayEquals(new float[] {0.5f}, in.floats("f"));
        assertArrayEquals(new int[] {7, 8}, in.ints("i", 2));
        assertArrayEquals(new long[] {Long.MIN_VALUE, 1, 2, Long.MAX_VALUE}, in.longs("rng", 4));
        assertEquals("q-learning ✓", in.string("name"));
        assertEquals(12, in.json("meta", Map.class).get("step"));
        assertArrayEquals(new int[] {2, 3}, in.shape("w"));
    }

    @Test
    void theSameStateGivesTheSameBytesWhateverTheClock() throws Exception {
        byte[] first = Files.readAllBytes(writeSample());
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(dir.resolve("ckpt.zip").toFile())) {
            zip.stream().forEach(e -> assertEquals(CheckpointWriter.FIXED_ENTRY_TIME, e.getTimeLocal(), e.getName()));
        }
        assertArrayEquals(first, Files.readAllBytes(writeSample()));
    }

    @Test
    void wrongShapeTypeOrNameIsAClearError() throws Exception {
        CheckpointReader in = CheckpointReader.read(writeSample());
        CheckpointException shape = assertThrows(CheckpointException.class, () -> in.doubles("w", 3, 2));
        assertTrue(shape.getMessage().contains("entry 'w' has shape [2, 3], expected [3, 2]"), shape.getMessage());
        CheckpointException type = assertThrows(CheckpointException.class, () -> in.floats("w"));
        assertTrue(type.getMessage().contains("'w' is float64, expected float32"), type.getMessage());
        CheckpointException missing = assertThrows(CheckpointException.class, () -> in.doubles("bias"));
        assertTrue(missing.getMessage().contains("has no entry 'bias'"), missing.getMessage());
    }

    @Test
    void corruptTruncatedOrForeignFilesAreRejected() throws Exception {
        Path file = writeSample();
        byte[] bytes = Files.readAllBytes(file);
        // Flip every byte in turn: reading either fails with a CheckpointException or yields exactly the original
        // content (the flip hit zip bookkeeping such as a timestamp) — never a silently different value.
        Path flipped = dir.resolve("flipped.zip");
        int detected = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte[] copy = bytes.clone();
            copy[i] ^= 0x55;
            Files.write(flipped, copy);
            try {
                CheckpointReader in = CheckpointReader.read(flipped);
                assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, in.doubles("w", 2, 3), "byte " + i);
                assertArrayEquals(new long[] {Long.MIN_VALUE, 1, 2, Long.MAX_VALUE}, in.longs("rng", 4), "byte " + i);
                assertEquals("q-learning ✓", in.string("name"), "byte " + i);
                assertArrayEquals(new int[] {7, 8}, in.ints("i", 2), "byte " + i);
            } catch (CheckpointException e) {
                detected++;
            }
        }
        assertTrue(detected > bytes.length / 3, "most flips are detected: " + detected + " of " + bytes.length);
        Path truncated = dir.resolve("truncated.zip");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        assertThrows(CheckpointException.class, () -> CheckpointReader.read(truncated));
        Path text = dir.resolve("text.zip");
        Files.writeString(text, "not a checkpoint");
        CheckpointException foreign = assertThrows(CheckpointException.class, () -> CheckpointReader.read(text));
        assertTrue(foreign.getMessage().contains("text.zip"), foreign.getMessage());
        assertThrows(CheckpointException.class, () -> CheckpointReader.read(dir.resolve("missing.zip")));
    }

    @Test
    void newerFormatVersionsAreRefused() throws Exception {
        Path file = dir.resolve("v99.zip");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("manifest.json"));
            zip.write("{\"format\":\"reins-checkpoint\",\"version\":99,\"entries\":{}}".getBytes());
            zip.closeEntry();
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains("format version 99"), e.getMessage());
    }

    @Test
    void atomicWritesLeaveNoTemporaryFilesAndKeepTheOldFileOnFailure() throws Exception {
        Path target = dir.resolve("summary.json");
        AtomicFiles.writeString(target, "old");
        assertThrows(java.io.IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes());
            throw new java.io.IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
