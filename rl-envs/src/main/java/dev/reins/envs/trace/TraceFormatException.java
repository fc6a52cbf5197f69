package dev.reins.envs.trace;

/** A trace file that does not follow the format, with the line it failed on. */
public final class TraceFormatException extends RuntimeException {
    private final long line;

    public TraceFormatException(String source, long line, String message) {
        super(source + " line " + line + ": " + message);
        this.line = line;
    }

    /** The 1-based line number. */
    public long line() {
        return line;
    }
}
