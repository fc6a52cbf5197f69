package dev.reins.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** One-line descriptions of I/O failures, in words rather than exception class names. */
final class IoErrors {
    private IoErrors() {}

    /** Why {@code e} failed, e.g. "permission denied", "no such file or directory", "not a directory". */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * The line for an I/O failure: the file and the reason ("/proc/x: no such file or directory"), after the context an
     * {@link UncheckedIOException} gives ("cannot write checkpoint in runs/a: ...").
     */
    static String describe(IOException e, String context) {
        String file = e instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() : null;
        String what = file == null ? reason(e) : file + ": " + reason(e);
        if (context == null || context.isBlank() || context.equals(e.toString()) || context.equals(e.getMessage())) {
            return what;
        }
        String head = context.contains(": ") ? context.substring(0, context.indexOf(": ")) : context;
        return head + " (" + what + ")";
    }
}
