package dev.reins.cli;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.llm.train.StepTrainer;
import dev.reins.llm.train.StepTrainingLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code llm sft}, {@code llm rm} and {@code llm dpo} share: resume from {@code OUT/trainer.ckpt}, run the step
 * loop with its log in {@code OUT/NAME_log}, and checkpoint — the model directory first, then the trainer state
 * that points past it, so a crash between the two repeats steps and never skips them.
 */
final class StepRun {
    private StepRun() {}

    /** The checkpoint options of every step-trained llm command. */
    static final class Options {
        @picocli.CommandLine.Option(names = "--checkpoint-every", defaultValue = "0",
                description = "Save DIR/model and DIR/trainer.ckpt every N steps (0 = only at the end).")
        int checkpointEvery;

        @picocli.CommandLine.Option(names = "--stop-at", defaultValue = "0", description = "Stop after this many steps with a checkpoint "
                + "(the schedule keeps the full budget); continue with --resume.")
        int stopAt;

        @picocli.CommandLine.Option(names = "--resume", description = "Continue from DIR/trainer.ckpt (same data and options): the "
                + "result equals an uninterrupted run.")
        boolean resume;

        @picocli.CommandLine.Option(names = "--overwrite", description = "Replace a non-empty --out once this run finishes "
                + "(the old one stays until then).")
        boolean overwrite;
    }

    /** Writes the trained model's directory (or directories). */
    @FunctionalInterface
    interface ModelSaver {
        void save() throws IOException;
    }

    static StepTrainingLoop.Outcome run(StepTrainer trainer, String name, Path out, Options options, ModelSaver model) throws IOException {
        boolean resume = options.resume;
        if (resume && options.overwrite) {
            throw new IllegalArgumentException("--resume continues --out in place; --overwrite would replace it, give one of them");
        }
        Path checkpoint = out.resolve("trainer.ckpt");
        if (resume) {
            if (!Files.isRegularFile(checkpoint)) {
                throw new IllegalArgumentException("--resume: no " + checkpoint + " (train with --checkpoint-every or --stop-at first)");
            }
            trainer.load(CheckpointReader.read(checkpoint), name + ".");
            System.out.println("resuming at step " + trainer.stepsDone());
        }
        StepTrainingLoop.Outcome outcome = StepTrainingLoop.run(trainer, out.resolve(name + "_log"), resume, options.stopAt,
                options.checkpointEvery,
                () -> save(trainer, name, model, checkpoint), System.out::println);
        save(trainer, name, model, checkpoint);
        return outcome;
    }

    private static void save(StepTrainer trainer, String name, ModelSaver model, Path checkpoint) throws IOException {
        model.save();
        CheckpointWriter w = new CheckpointWriter();
        trainer.save(w, name + ".");
        w.writeTo(checkpoint);
    }
}
