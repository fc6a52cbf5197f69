package dev.reins.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The {@code --out} rule of the llm commands, as {@code train} has it: a new or empty directory, unless resuming. */
final class OutputDirectory {
    private OutputDirectory() {}

    /**
     * Checks that {@code out} can take a fresh run: an existing non-empty directory is refused (nothing in it is
     * touched), as is a file; each is one line naming the path. Call {@link #create} once the inputs are validated.
     */
    static void requireFresh(Path out) {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " is a file, not a directory");
            }
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--out " + out + " already exists and is not empty; choose another --out"
                            + " (or --resume a run that saved checkpoints)");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("--out " + out + " cannot be read: " + e.getMessage());
            }
        }
    }

    /** Creates {@code out} if needed, failing with one line when the path is impossible (a file in the way, no permission). */
    static void create(Path out) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + out + ": cannot create the directory (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
    }
}
