package dev.reins.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --out FILE} rule, as {@link OutputDirectory} is for folders: an existing file is refused unless
 * {@code --overwrite}, a directory at the path or a file on the way to it always; checked before any work, written
 * nothing. The file itself is then written atomically ({@code AtomicFiles}), so a failure leaves the old one intact.
 *
 * <pre>{@code
 * OutputFile.claim(out, overwrite, "--out");
 * }</pre>
 */
final class OutputFile {
    private OutputFile() {}

    /** Checks that {@code file} may be written; {@code option} names it in the message. */
    static Path claim(Path file, boolean overwrite, String option) {
        OutputDirectory.requireNoFileOnTheWay(file, option);
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a directory; expected a file name");
        }
        if (Files.exists(file) && !overwrite) {
            throw new IllegalArgumentException(option + " " + file + " already exists; choose another name or add --overwrite");
        }
        return file;
    }
}
