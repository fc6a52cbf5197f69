package dev.reins.core.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that readers see either the old content or the complete new content, never a half-written
 * file: write to a temporary file in the same folder, flush it to disk, then rename it over the target.
 *
 * <pre>{@code
 * AtomicFiles.writeString(runDir.resolve("summary.json"), json);
 * }</pre>
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Atomically replaces {@code target} with what {@code content} writes. */
    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would stick to the final file.
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            writeThrough(tmp, target, content);
        } catch (java.nio.file.FileSystemException e) {
            if (!tmp.toString().equals(e.getFile())) {
                throw e;
            }
            // Name the file the caller asked for, not the temporary one.
            if (e instanceof java.nio.file.NoSuchFileException) {
                throw new java.nio.file.NoSuchFileException(target.toString());
            }
            if (e instanceof java.nio.file.AccessDeniedException) {
                throw new java.nio.file.AccessDeniedException(target.toString());
            }
            throw new java.nio.file.FileSystemException(target.toString(), null, e.getReason());
        }
    }

    private static void writeThrough(Path tmp, Path target, Content content) throws IOException {
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
                    OutputStream out = Channels.newOutputStream(channel)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes the temporary files that writes into {@code folder} left when the process was killed mid-write (hidden
     * {@code .NAME.HEX.tmp} files). Call it when a run starts in, or resumes, a folder it alone writes.
     */
    public static void removeStaleTemporaries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                if (STALE.matcher(file.getFileName().toString()).matches() && Files.isRegularFile(file)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static final java.util.regex.Pattern STALE = java.util.regex.Pattern.compile("\\..+\\.[0-9a-f]+\\.tmp");

    /** Atomically replaces {@code target} with {@code text} in UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
