package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault and bad-input matrix (#19): every case is a command a user could type, with the exit code and the one line
 * it must print, and the check that nothing in the working folder was written, changed or deleted. The README's
 * "Bad input" section promises what these cases assert.
 */
class FaultMatrixTest {
    @TempDir
    static Path tmp;

    /** A case: what is typed, the exit code and a fragment of the one {@code reins:} line. */
    record Case(String name, int exit, String message, String... args) {}

    private static Path run;
    private static Path model;

    @BeforeAll
    static void fixtures() throws IOException {
        run = tmp.resolve("run");
        Object[] trained = CliRun.run("train", "--algo", "q-learning", "--env", "CliffWalking-v1", "--steps", "300",
                "--eval-episodes", "1", "--no-progress", "--out", run.toString());
        assertEquals(0, trained[0], (String) trained[1]);
        Path sft = tmp.resolve("sft.jsonl");
        Files.writeString(sft, "{\"prompt\": \"1+1=\", \"completion\": \"2\"}\n{\"prompt\": \"2+2=\", \"completion\": \"4\"}\n");
        Object[] lm = CliRun.run("llm", "sft", "--data", sft.toString(), "--out", tmp.resolve("sft").toString(), "--context", "8",
                "--d-model", "16", "--layers", "1", "--heads", "2", "--hp", "steps=1", "--hp", "batch_size=2", "--hp", "eval_every=0");
        assertEquals(0, lm[0], (String) lm[1]);
        model = tmp.resolve("sft/model");

        Files.createDirectories(tmp.resolve("full"));
        Files.writeString(tmp.resolve("full/keep.txt"), "a trained model lives here");
        Files.writeString(tmp.resolve("afile"), "just a file");
        Files.writeString(tmp.resolve("eval.json"), "{\"mine\": true}");
        Files.writeString(tmp.resolve("exists.gif"), "GIF89a, or so it says");
        Files.writeString(tmp.resolve("bad.yaml"), "algo: dqn\nenv: CartPole-v1\nhyperparameters:\n  learning_rate: [1, 2\n  gamma: 0.9\n");
        Files.writeString(tmp.resolve("dup.yaml"), "algo: dqn\nenv: CartPole-v1\nsteps: 100\nsteps: 200\n");
        Files.writeString(tmp.resolve("linear.yaml"), "algo: q-learning\nenv: CliffWalking-v1\nhyperparameters:\n"
                + "  learning_rate: {type: linear, start: 0.5}\n");
        Files.writeString(tmp.resolve("bound.yaml"), "algo: q-learning\nenv: CliffWalking-v1\ndivergence_bound: -1\n");
        Files.writeString(tmp.resolve("trace.jsonl"), "{\"env\": \"CartPole-v1\", \"seed\": [1, 2\n");
        Files.writeString(tmp.resolve("demos.jsonl"), "{\"env\": \"CartPole-v1\", \"observations\": [[0.1, 0.2, 0.3, 0.4]], "
                + "\"actions\": [7], \"rewards\": [], \"terminated\": false, \"truncated\": true}\n");

        Path badModel = Files.createDirectories(tmp.resolve("badmodel"));
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, badModel.resolve(f.getFileName()));
            }
        }
        Files.writeString(badModel.resolve("config.json"), "{\"model_type\": \"gpt2\", ");

        for (String broken : new String[] {"truncated", "flipped"}) {
            Path copy = Files.createDirectories(tmp.resolve(broken + "-run"));
            try (Stream<Path> files = Files.list(run)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
            byte[] zip = Files.readAllBytes(copy.resolve("checkpoint.zip"));
            if (broken.equals("truncated")) {
                zip = java.util.Arrays.copyOf(zip, zip.length / 2);
            } else {
                for (int i = 40; i < zip.length; i += 97) {
                    zip[i] ^= 0x5A;
                }
            }
            Files.write(copy.resolve("checkpoint.zip"), zip);
        }
    }

    private static String p(String name) {
        return tmp.resolve(name).toString();
    }

    private static List<Case> cases() {
        String r = run.toString();
        String m = model.toString();
        String sft = p("sft.jsonl");
        return List.of(
                // #19 item 1: nothing overwritten without --overwrite
                new Case("train into a non-empty --out", 2, "already exists and is not empty", "train", "--algo", "q-learning", "--env",
                        "CliffWalking-v1", "--out", p("full")),
                new Case("llm sft into a non-empty --out", 2, "already exists and is not empty", "llm", "sft", "--data", sft, "--out",
                        p("full")),
                new Case("llm grpo into a non-empty --out", 2, "already exists and is not empty", "llm", "grpo", "--model", m, "--data",
                        sft, "--out", p("full")),
                new Case("eval into an existing --out file", 2, "already exists", "eval", "--env", "TicTacToe-v0", "--agent", "random",
                        "--opponent", "random", "--games", "2", "--out", p("eval.json")),
                new Case("record into an existing --out file", 2, "already exists", "record", "--run", r, "--episodes", "1", "--out",
                        p("eval.json")),
                new Case("render into an existing gif", 2, "already exists", "render", "--env", "CartPole-v1", "--out", p("exists.gif")),
                // item 2: --resume refuses what it would ignore
                new Case("resume with --hp", 2, "--hp cannot change it", "train", "--resume", r, "--hp", "gamma=0.5"),
                new Case("resume with --algo --env", 2, "--algo, --env cannot change it", "train", "--resume", r, "--algo", "dqn", "--env",
                        "Taxi-v4"),
                new Case("resume with --overwrite", 2, "--overwrite cannot change it", "train", "--resume", r, "--overwrite"),
                new Case("resume a folder that is not a run", 2, "is not a run folder", "train", "--resume", p("full")),
                // item 4: impossible paths
                new Case("train --out under /proc", 2, "cannot create the directory", "train", "--algo", "q-learning", "--env",
                        "CliffWalking-v1", "--out", "/proc/reins-x"),
                new Case("train --out below a file", 2, "is a file, not a directory", "train", "--algo", "q-learning", "--env",
                        "CliffWalking-v1", "--out", p("afile") + "/sub"),
                new Case("render a gif under /proc", 2, "/proc/reins-x.gif: no such file or directory", "render", "--env", "CartPole-v1",
                        "--max-steps", "3", "--out", "/proc/reins-x.gif"),
                new Case("render frames under /proc", 2, "cannot create the directory", "render", "--policy", r, "--max-steps", "3",
                        "--out", "/proc/reins-frames/"),
                new Case("llm sft --out under /proc", 2, "cannot create the directory", "llm", "sft", "--data", sft, "--out",
                        "/proc/reins-x", "--context", "8", "--d-model", "16", "--layers", "1", "--heads", "2"),
                new Case("llm sft --out below a file", 2, "is a file, not a directory", "llm", "sft", "--data", sft, "--out",
                        p("afile") + "/sub"),
                // item 5: a corrupt model config
                new Case("llm generate with a corrupt config.json", 2, "config.json: not valid JSON (line 1, column", "llm", "generate",
                        "--model", p("badmodel"), "--prompt", "1+1="),
                new Case("llm generate --max-new-tokens 0", 2, "--max-new-tokens must be > 0", "llm", "generate", "--model", m,
                        "--prompt", "1+1=", "--max-new-tokens", "0"),
                // item 7: mistyped options
                new Case("unknown option", 2, "'--frobnicate'", "train", "--frobnicate", "3"),
                new Case("non-number steps", 2, "Invalid value for option '--steps'", "train", "--steps", "abc"),
                new Case("--hp without a value", 2, "Value for option '--hp'", "train", "--hp", "gamma"),
                // item 9: messages that say what is wrong and where
                new Case("linear schedule without end", 2, "a linear schedule needs 'end'", "train", "--config", p("linear.yaml"),
                        "--out", p("never")),
                new Case("malformed YAML", 2, "not valid YAML: line 5, column", "train", "--config", p("bad.yaml"), "--out", p("never")),
                new Case("bad JSON in a gym trace", 2, "not valid JSON: column", "check-env", "--gym-trace", p("trace.jsonl")),
                // item 10: accepted silently before
                new Case("duplicate key in a config", 2, "key 'steps' is given twice", "train", "--config", p("dup.yaml"), "--out",
                        p("never")),
                new Case("render to a .bmp", 2, "expected a .gif file, or a folder", "render", "--env", "CartPole-v1", "--out",
                        p("y.bmp")),
                new Case("divergence bound not positive", 2, "divergence_bound must be > 0", "train", "--config", p("bound.yaml"),
                        "--out", p("never")),
                // item 11: --best needs a run that kept one
                new Case("eval --best without best/", 2, "has no best/checkpoint.zip", "eval", "--run", r, "--best"),
                new Case("render --best without --policy", 2, "--best needs --policy", "render", "--env", "CartPole-v1", "--best", "--out",
                        p("frames")),
                // corrupt checkpoints: a failed run (exit 1), one line, the folder untouched
                new Case("resume a truncated checkpoint", 1, "checkpoint", "train", "--resume", p("truncated-run")),
                new Case("eval a bit-flipped checkpoint", 1, "checkpoint", "eval", "--run", p("flipped-run")),
                new Case("report of a file that is no match", 2, "not a match result", "report", "--matches", p("bad.yaml")),
                // demonstrations
                new Case("demonstrations with an out-of-range action", 2, "demos.jsonl:1", "train", "--algo", "bc", "--env",
                        "CartPole-v1", "--demos", p("demos.jsonl"), "--out", p("never")));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseIsOneLineTheRightExitCodeAndNoDebris() {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 30, "the matrix covers every item of #19 and the README's promise");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Map<String, String> before = tree(tmp);
            Object[] result = CliRun.run(c.args());
            String output = (String) result[1];
            String all = String.join(" ", c.args()) + "\n" + output;
            assertEquals(c.exit(), result[0], all);
            List<String> errorLines = output.lines().filter(l -> l.startsWith("reins:")).toList();
            assertEquals(1, errorLines.size(), "exactly one error line: " + all);
            assertTrue(errorLines.get(0).contains(c.message()), "the line names the problem (" + c.message() + "): " + all);
            assertFalse(output.lines().anyMatch(l -> l.startsWith("\tat ") || l.contains("Exception:")), "no stack trace: " + all);
            assertFalse(output.contains("REDACTED") || output.contains("internal error"), all);
            assertEquals(before, tree(tmp), "nothing written, changed or deleted: " + all);
            assertFalse(Files.exists(tmp.resolve("never")), all);
        }));
    }

    /** Every file under {@code root} with a digest of its content: equal trees mean nothing was written or removed. */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : walk.toList()) {
                String key = root.relativize(f).toString() + (Files.isDirectory(f) ? "/" : "");
                files.put(key, Files.isDirectory(f) ? "" : digest(Files.readAllBytes(f)));
            }
        }
        return files;
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
