package dev.reins.core.checkpoint;

/**
 * Something whose state can be written into and restored from a checkpoint. Implementations write every entry
 * under {@code prefix} so several components can share one checkpoint.
 *
 * <pre>{@code
 * CheckpointWriter out = new CheckpointWriter();
 * agent.save(out, "agent.");
 * env.save(out, "env.");
 * out.writeTo(path);                          // atomic
 * CheckpointReader in = CheckpointReader.read(path);
 * agent.load(in, "agent.");
 * }</pre>
 */
public interface Checkpointable {

    /** Writes this component's state under {@code prefix}. */
    void save(CheckpointWriter out, String prefix);

    /** Restores the state {@link #save} wrote; throws {@link CheckpointException} on a missing or mismatched entry. */
    void load(CheckpointReader in, String prefix);
}
