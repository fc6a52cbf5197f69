package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.bench.experiment.RunConfig;
import dev.reins.bench.experiment.RunConfigFiles;
import dev.reins.bench.experiment.TrainingRun;
import dev.reins.core.checkpoint.CheckpointException;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.config.ConfigException;
import dev.reins.core.demo.Demonstrations;
import dev.reins.core.env.Env;
import dev.reins.envs.registry.Envs;
import dev.reins.llm.data.Jsonl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing of what users hand Reins (#19): run configs, checkpoints and JSON-lines inputs, mutated at random, fail only
 * with the documented exceptions (whose messages the CLI prints as one line) and never with anything else.
 */
class InputFuzzProperties {
    private static Path dir;
    private static byte[] checkpoint;
    private static RunConfig checkpointConfig;
    private static List<String> demoLines;
    private static final List<String> COMPLETIONS = List.of("{\"prompt\": \"1+1=\", \"completion\": \"2\"}",
            "{\"prompt\": \"2+2=\", \"completion\": \"4\", \"id\": 7}", "{\"prompt\": \"\\u00e9t\\u00e9\", \"completion\": \" ok\"}");

    @BeforeContainer
    static void fixtures() throws IOException {
        dir = Files.createTempDirectory("reins-fuzz-");
        Path run = dir.resolve("run");
        Object[] trained = CliRun.run("train", "--algo", "dqn", "--env", "CartPole-v1", "--steps", "300", "--eval-episodes", "0",
                "--no-progress", "--hp", "learning_starts=50", "--hp", "hidden=[8]", "--out", run.toString());
        assertTrue((int) trained[0] == 0, (String) trained[1]);
        checkpoint = Files.readAllBytes(run.resolve(TrainingRun.CHECKPOINT));
        checkpointConfig = TrainingRun.readConfig(run);
        Path demos = dir.resolve("demos.jsonl");
        Object[] recorded = CliRun.run("record", "--run", run.toString(), "--episodes", "3", "--out", demos.toString());
        assertTrue((int) recorded[0] == 0, (String) recorded[1]);
        demoLines = Files.readAllLines(demos);
    }

    @AfterContainer
    static void cleanUp() {
        dev.reins.core.checkpoint.AtomicDirectory.deleteTree(dir);
    }

    // ---- run configs ----

    private static final Map<String, List<String>> VALUES = Map.of(
            "algo", List.of("q-learning", "dqn", "ppo", "sarsa", "no-such-algo", "3", "[dqn]", "{}", "''"),
            "env", List.of("CartPole-v1", "CliffWalking-v1", "FrozenLake-v1", "Nope-v0", "[]", "7"),
            "seed", List.of("0", "-1", "1.5", "abc", "99999999999999999999", "null"),
            "steps", List.of("100", "0", "-5", "1e20", "x", "1.5"),
            "eval_episodes", List.of("0", "10", "-1", "many"),
            "checkpoint_every", List.of("0", "50", "-3", "[1]"),
            "eval_every", List.of("0", "50", "-1"),
            "divergence_bound", List.of("1e10", "0", "-1", ".nan", "big", ".inf"),
            "env_options", List.of("{}", "{is_slippery: true}", "{slippery: 1}", "[1]", "5", "{is_slippery: maybe}"),
            "hyperparameters", List.of("{gamma: 0.9}", "{learning_rate: {type: linear, start: 1}}", "{hidden: [0]}", "{lr: 1}", "x",
                    "{learning_rate: .inf}", "{gamma: 2}", "{learning_rate: {type: exponential, start: 1, end: 0.1, fraction: 3}}",
                    "{hidden: [16, 16], learning_starts: 10}", "{epsilon: {type: piecewise, points: []}}"));
    private static final List<String> GARBAGE = List.of("  - a", ": :", "{", "key: [1, 2", "\tsteps: 3", "steps: 1\nsteps: 2", "---",
            "'unterminated", "&a x: *b");

    @Provide
    Arbitrary<String> runConfigs() {
        List<String> keys = new ArrayList<>(VALUES.keySet());
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.of(keys).flatMap(k -> Arbitraries.of(VALUES.get(k)).map(v -> k + ": " + v)),
                Arbitraries.of(GARBAGE));
        // Half start from a valid run, so that mutations of good configs are tried, not only configs broken from the start.
        Arbitrary<String> start = Arbitraries.of("", "algo: q-learning\nenv: CliffWalking-v1\n");
        return start.flatMap(prefix -> line.list().ofMinSize(0).ofMaxSize(6).map(lines -> prefix + String.join("\n", lines) + "\n"));
    }

    @Property(tries = 300)
    void runConfigsFailOnlyWithAOneLineConfigError(@ForAll("runConfigs") String yaml) throws IOException {
        Path file = dir.resolve("fuzz.yaml");
        Files.writeString(file, yaml);
        try {
            RunConfig config = RunConfigFiles.read(file, new RunConfig("?", "?", 0, 1, 100, 0, 0, Map.of(), null));
            TrainingRun.prepare(config);
            outcome("accepted");
        } catch (ConfigException | IllegalArgumentException e) {
            assertOneLine(e, yaml);
            outcome("refused");
        }
    }

    // ---- checkpoints ----

    @Provide
    Arbitrary<Tuple.Tuple2<List<Integer>, Integer>> corruptions() {
        Arbitrary<List<Integer>> flips = Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(0).ofMaxSize(6);
        Arbitrary<Integer> keep = Arbitraries.integers().between(0, 100);
        return flips.flatMap(f -> keep.map(k -> Tuple.of(f, k)));
    }

    @Property(tries = 200)
    void corruptCheckpointsFailWithACheckpointError(@ForAll("corruptions") Tuple.Tuple2<List<Integer>, Integer> corruption)
            throws IOException {
        byte[] bytes = checkpoint.clone();
        for (int flip : corruption.get1()) {
            int bit = flip % (bytes.length * 8);
            bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        int keep = corruption.get2() == 100 ? bytes.length : bytes.length * corruption.get2() / 100;
        Path file = dir.resolve("fuzz-checkpoint.zip");
        Files.write(file, java.util.Arrays.copyOf(bytes, keep));
        try {
            TrainingRun run = TrainingRun.prepare(checkpointConfig);
            run.algorithm().load(CheckpointReader.read(file), "algorithm.");
            outcome("accepted");
        } catch (CheckpointException e) {
            assertOneLine(e, corruption.toString());
            outcome("refused");
        }
    }

    // ---- JSON lines ----

    @Provide
    Arbitrary<Tuple.Tuple3<Integer, Integer, Character>> edits() {
        return Arbitraries.integers().between(0, 1_000_000).flatMap(line -> Arbitraries.integers().between(0, 1_000_000)
                .flatMap(at -> Arbitraries.of('"', '{', '}', '[', ']', ',', ':', 'x', '1', '-', '.', '\n', '\\', (char) 0)
                        .map(c -> Tuple.of(line, at, c))));
    }

    private static List<String> edit(List<String> lines, Tuple.Tuple3<Integer, Integer, Character> e, boolean delete) {
        List<String> out = new ArrayList<>(lines);
        int i = e.get1() % out.size();
        String line = out.get(i);
        int at = line.isEmpty() ? 0 : e.get2() % line.length();
        out.set(i, delete ? line.substring(0, at) + line.substring(Math.min(line.length(), at + 1))
                : line.substring(0, at) + e.get3() + line.substring(at));
        return out;
    }

    @Property(tries = 200)
    void editedDemonstrationsFailWithTheFileAndLine(@ForAll("edits") Tuple.Tuple3<Integer, Integer, Character> e,
            @ForAll boolean delete) throws IOException {
        Path file = dir.resolve("fuzz-demos.jsonl");
        Files.write(file, edit(demoLines, e, delete));
        Env<?, ?> env = Envs.make("CartPole-v1");
        try {
            Demonstrations.read(file, "CartPole-v1", env.observationSpace(), env.actionSpace());
            outcome("accepted");
        } catch (IllegalArgumentException ex) {
            assertOneLine(ex, e.toString());
            assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
            outcome("refused");
        }
    }

    @Property(tries = 200)
    void editedSftDataFailsWithTheFileAndLine(@ForAll("edits") Tuple.Tuple3<Integer, Integer, Character> e, @ForAll boolean delete)
            throws IOException {
        Path file = dir.resolve("fuzz-sft.jsonl");
        Files.write(file, edit(COMPLETIONS, e, delete));
        try {
            Jsonl.readCompletions(file);
            outcome("accepted");
        } catch (IllegalArgumentException ex) {
            assertOneLine(ex, e.toString());
            assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
            outcome("refused");
        } catch (UncheckedIOException ex) {
            throw new AssertionError("an edited file is readable: " + ex, ex);
        }
    }

    /** Counts how a try ended; a property must reach the error path often, so that it is not vacuous. */
    private static void outcome(String kind) {
        Statistics.label("outcome").collect(kind);
        Statistics.label("outcome").coverage(c -> c.check("refused").percentage(p -> p >= 10));
    }

    private static void assertOneLine(Exception e, String input) {
        String message = e.getMessage();
        assertTrue(message != null && !message.isBlank() && !message.contains("\n") && !message.contains("REDACTED"),
                "one line naming the problem, got " + e + " for\n" + input);
    }
}
