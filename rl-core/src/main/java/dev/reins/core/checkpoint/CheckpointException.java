package dev.reins.core.checkpoint;

/** A checkpoint that cannot be read or does not match what loads it: corrupt, wrong version, missing entry, wrong shape. */
public class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
