package dev.reins.cli;

import dev.reins.core.checkpoint.AtomicDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The one {@code --out} rule of every command that writes a folder ({@code train} and the llm commands): a new or
 * empty folder is written in place; a non-empty one is refused unless {@code --overwrite}, and then the new output is
 * built in a hidden sibling and swapped in only when the command finishes, so a failed or killed run leaves the old
 * folder as it was. Siblings that killed runs left behind are deleted when the next run of the same {@code --out} starts.
 *
 * <pre>{@code
 * OutputDirectory target = OutputDirectory.claim(out, overwrite);   // validates, writes nothing
 * Path dir = target.create();                                       // out, or the staging sibling
 * ... write into dir ...
 * target.commit();                                                  // swaps the staging sibling in
 * }</pre>
 */
final class OutputDirectory {
    private final Path target;
    private final boolean replaces;
    private Path working;

    private OutputDirectory(Path target, boolean replaces) {
        this.target = target;
        this.replaces = replaces;
    }

    /**
     * Checks that {@code out} can take a fresh run, writing nothing: a file at {@code out} or on the way to it is refused,
     * as is a non-empty directory unless {@code overwrite}; each is one line naming the path.
     */
    static OutputDirectory claim(Path out, boolean overwrite) {
        requireNoFileOnTheWay(out, "--out");
        if (!Files.exists(out)) {
            return new OutputDirectory(out, false);
        }
        if (!Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a directory");
        }
        if (!isEmpty(out)) {
            if (!overwrite) {
                throw new IllegalArgumentException("--out " + out + " already exists and is not empty; choose another --out, "
                        + "or add --overwrite to replace it when this run finishes (or resume it)");
            }
            return new OutputDirectory(out, true);
        }
        return new OutputDirectory(out, false);
    }

    /** {@link #claim} for a command resuming in {@code out}: the folder is written in place, never replaced. */
    static OutputDirectory resuming(Path out) {
        return new OutputDirectory(out, false);
    }

    /**
     * Creates the folder to write into: {@code out} itself, or a hidden staging sibling when an existing one is replaced.
     * An impossible path (no permission, a special file system) is one line naming it.
     */
    Path create() {
        try {
            AtomicDirectory.removeStaleSiblings(target);
            working = replaces ? AtomicDirectory.createStaging(target) : Files.createDirectories(target);
            return working;
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + target + ": cannot create the directory (" + IoErrors.reason(e) + ")");
        }
    }

    /** Puts the finished output in place: swaps the staging sibling for the old folder (nothing to do when written in place). */
    void commit() throws IOException {
        if (replaces && working != null && !working.equals(target)) {
            AtomicDirectory.replace(target, working);
            working = target;
        }
    }

    /** Fails, naming it, when the nearest existing ancestor of {@code path} is a file (no directory can be made below it). */
    static void requireNoFileOnTheWay(Path path, String option) {
        Path ancestor = path.toAbsolutePath().getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor != null && !Files.isDirectory(ancestor)) {
            throw new IllegalArgumentException(option + " " + path + ": " + ancestor + " is a file, not a directory");
        }
    }

    static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + dir + " cannot be read: " + IoErrors.reason(e));
        }
    }
}
