package dev.reins.core.demo;

/**
 * A demonstration file that cannot be used, named by {@code file:line} with what was expected. An
 * {@link IllegalArgumentException}: bad input, which the command line reports in one line with exit code 2.
 */
public final class DemonstrationException extends IllegalArgumentException {
    public DemonstrationException(String message) {
        super(message);
    }
}
