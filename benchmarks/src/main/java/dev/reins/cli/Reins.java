package dev.reins.cli;

import dev.reins.core.algorithm.TrainingDivergedException;
import dev.reins.core.checkpoint.CheckpointException;
import dev.reins.core.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code reins} command line.
 *
 * <pre>
 * ./reins train --algo q-learning --env CliffWalking-v1
 * ./reins eval --run runs/q-learning-CliffWalking-v1-seed0
 * ./reins envs
 * ./reins algos
 * ./reins check-env --gym-trace trace.jsonl
 * </pre>
 */
@Command(name = "reins", mixinStandardHelpOptions = true, versionProvider = Reins.Version.class,
        description = "Reinforcement learning on the JVM.",
        subcommands = {TrainCommand.class, EvalCommand.class, ReportCommand.class, RecordCommand.class, PlayCommand.class, LlmCommand.class, EnvsCommand.class, AlgosCommand.class, CheckEnvCommand.class, RenderCommand.class, BenchCommand.class, SweepCommand.class, ZooCommand.class,
            CommandLine.HelpCommand.class})
public final class Reins implements Runnable {
    /** Exit code for bad input (unknown names, invalid values), as picocli uses for usage errors. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, also print the Java stack trace.")
    boolean debug;

    /**
     * What a failed command prints and returns: one line, exit 2 for the user's mistakes (bad values, unreadable or
     * unwritable paths, malformed files), exit 1 for a failed run (a corrupt checkpoint, divergence) and for internal
     * errors, which alone point to {@code --debug}.
     */
    record Failure(String line, int exitCode) {
        static Failure of(Throwable e) {
            if (e instanceof IllegalArgumentException || e instanceof ConfigException) {
                return new Failure(e.getMessage(), BAD_INPUT);
            }
            if (e instanceof java.io.UncheckedIOException u) {
                return new Failure(IoErrors.describe(u.getCause(), u.getMessage()), BAD_INPUT);
            }
            if (e instanceof java.nio.file.FileSystemException fs) {
                return new Failure(IoErrors.describe(fs, null), BAD_INPUT);
            }
            if (e instanceof java.io.IOException io) {
                return new Failure(IoErrors.describe(io, null), 1);
            }
            if (e instanceof CheckpointException || e instanceof TrainingDivergedException) {
                return new Failure(e.getMessage(), 1);
            }
            return new Failure("internal error: " + e + " (rerun with --debug for the stack trace)", 1);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (used by tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Reins());
        Reins root = (Reins) cli.getCommand();
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Failure failure = Failure.of(e);
            commandLine.getErr().println("reins: " + failure.line());
            if (root.debug) {
                e.printStackTrace(commandLine.getErr());
            }
            return failure.exitCode();
        });
        // A mistyped option is one line naming it and where help is, as every other bad input (#19 item 7), not ~40 of usage.
        cli.setParameterExceptionHandler((e, arguments) -> {
            String command = e.getCommandLine().getCommandName();
            String help = "reins".equals(command) ? "reins --help" : "reins " + qualifiedName(e.getCommandLine()) + " --help";
            e.getCommandLine().getErr().println("reins: " + e.getMessage().replace("option option", "option") + " (see '" + help + "')");
            return BAD_INPUT;
        });
        return cli.execute(args);
    }

    /** A subcommand's name with its parents below the root, e.g. {@code llm sft}. */
    private static String qualifiedName(CommandLine command) {
        String name = command.getCommandName();
        for (CommandLine parent = command.getParent(); parent != null && parent.getParent() != null; parent = parent.getParent()) {
            name = parent.getCommandName() + " " + name;
        }
        return name;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: train, eval, envs, algos or check-env");
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Reins.class.getPackage().getImplementationVersion();
            return new String[] {"reins " + (v == null ? "development" : v)};
        }
    }
}
