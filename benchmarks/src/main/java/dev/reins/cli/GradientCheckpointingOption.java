package dev.reins.cli;

import dev.reins.llm.model.Transformer;
import picocli.CommandLine.Option;

/** {@code --gradient-checkpointing} of the commands that train a transformer. */
final class GradientCheckpointingOption {
    @Option(names = "--gradient-checkpointing", description = "Run the backward pass block by block, recomputing each block's "
            + "forward pass: memory of one block's activations instead of all, for about a third more compute.")
    boolean on;

    void applyTo(Transformer model) {
        model.setGradientCheckpointing(on);
    }
}
