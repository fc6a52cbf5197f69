package dev.reins.core.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a directory all at once: the files go to a hidden sibling first, which then replaces the target, so a crash
 * never leaves a half-written directory behind (at worst a hidden {@code .NAME.tmp-*} sibling, which
 * {@link #removeStaleSiblings} deletes when the next writer starts).
 *
 * <pre>{@code
 * AtomicDirectory.write(Path.of("runs/rm/model"), staging -> rewardModel.writeFiles(staging));
 * }</pre>
 */
public final class AtomicDirectory {
    private static final String STAGING = ".tmp-";
    private static final String OLD = ".old-";

    private AtomicDirectory() {}

    /** Fills a staging directory. */
    @FunctionalInterface
    public interface Contents {
        void writeTo(Path staging) throws IOException;
    }

    /** Writes {@code dir} through a staging sibling that replaces it once {@code contents} has filled it. */
    public static void write(Path dir, Contents contents) throws IOException {
        Path staging = createStaging(dir);
        try {
            contents.writeTo(staging);
            replace(dir, staging);
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
    }

    /** A new empty hidden sibling of {@code dir} ({@code .NAME.tmp-*}) to fill and then {@link #replace} it with. */
    public static Path createStaging(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        // Not Files.createTempDirectory: its owner-only permissions would stick to the directory it becomes.
        return Files.createDirectory(absolute.getParent().resolve("." + absolute.getFileName() + STAGING
                + Long.toHexString(System.nanoTime())));
    }

    /** Moves the filled {@code staging} sibling to {@code dir}; an existing {@code dir} is moved aside first, then deleted. */
    public static void replace(Path dir, Path staging) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Path old = null;
        if (Files.exists(absolute)) {
            old = absolute.getParent().resolve("." + absolute.getFileName() + OLD + Long.toHexString(System.nanoTime()));
            Files.move(absolute, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteTree(old);
        }
    }

    /**
     * Deletes what an interrupted {@link #write} or {@link #replace} of {@code dir} left beside it (staging and
     * moved-aside siblings). Call it only when no other writer of {@code dir} is running.
     */
    public static void removeStaleSiblings(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        String staging = "." + absolute.getFileName() + STAGING;
        String old = "." + absolute.getFileName() + OLD;
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path p : siblings.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(staging) || name.startsWith(old)) {
                    deleteTree(p);
                }
            }
        }
    }

    /** Deletes a directory and everything in it. */
    public static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
