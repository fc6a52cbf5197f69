package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reins.core.checkpoint.CheckpointReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReinsCliTest {
    @TempDir
    Path tmp;

    private static Object[] run(String... args) {
        return CliRun.run(args);
    }

    /** metrics.csv without the wall_seconds column. */

    @Test
    void classicSuiteWritesItsReportAndResumesWithoutRetraining() throws Exception {
        Path root = tmp.resolve("suite");
        String[] args = {"bench", "--suite", "classic", "--quick", "--seeds", "2", "--algos", "reinforce,a2c", "--envs", "CartPole-v1",
            "--parallel", "2", "--out", root.toString()};
        Object[] r = run(args);
        assertEquals(0, r[0], (String) r[1]);
        String md = Files.readString(root.resolve("results.md"));
        assertTrue(md.contains("| reinforce | CartPole-v1 | 2 |") && md.contains("| a2c | CartPole-v1 | 2 |"), md);
        assertTrue(Files.size(root.resolve("curves/CartPole-v1.png")) > 0);
        JsonNode json = new ObjectMapper().readTree(root.resolve("results.json").toFile());
        assertEquals(4, json.path("runs").size());
        // A run cut off mid-way (no summary) is trained again; finished runs are kept as they are.
        Path finished = root.resolve("runs/a2c/CartPole-v1/seed-0/summary.json");
        Path cut = root.resolve("runs/reinforce/CartPole-v1/seed-1");
        byte[] before = Files.readAllBytes(finished);
        java.nio.file.attribute.FileTime stamp = Files.getLastModifiedTime(finished);
        Files.delete(cut.resolve("summary.json"));
        Object[] again = run(args);
        assertEquals(0, again[0], (String) again[1]);
        assertArrayEquals(before, Files.readAllBytes(finished));
        assertEquals(stamp, Files.getLastModifiedTime(finished));
        assertTrue(Files.exists(cut.resolve("summary.json")));
        JsonNode rerun = new ObjectMapper().readTree(root.resolve("results.json").toFile());
        for (int i = 0; i < 4; i++) {
            assertEquals(json.path("runs").get(i).path("eval").path("returns"), rerun.path("runs").get(i).path("eval").path("returns"),
                    "run " + i + ": the same returns after the resume (retrained runs are reproducible)");
        }
        Object[] bad = run("bench", "--suite", "classic", "--envs", "Taxi-v4", "--out", tmp.resolve("x").toString());
        assertEquals(2, bad[0]);
        assertTrue(((String) bad[1]).contains("Taxi-v4 is not in the classic suite"), (String) bad[1]);
    }

    @Test
    void trainWritesTheRunFolderAndLearnsCliffWalking() throws Exception {
        Path dir = tmp.resolve("run");
        Object[] r = run("train", "--algo", "q-learning", "--env", "CliffWalking-v1", "--steps", "30000", "--out", dir.toString());
        assertEquals(0, r[0], (String) r[1]);
        for (String f : List.of("config.yaml", "metrics.csv", "metrics.jsonl", "summary.json", "learning_curve.png", "checkpoint.zip")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals("q-learning", summary.path("algo").asText());
        assertEquals(30000, summary.path("steps").asLong());
        assertEquals(-13.0, summary.path("eval").path("mean_return").asDouble(), "the optimal path");
        assertTrue(summary.path("env_steps_per_second").asDouble() > 0);
        assertTrue(((String) r[1]).contains("evaluation: mean return -13.000"), (String) r[1]);
        byte[] png = Files.readAllBytes(dir.resolve("learning_curve.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));

        Object[] eval = run("eval", "--run", dir.toString(), "--episodes", "5");
        assertEquals(0, eval[0], (String) eval[1]);
        assertTrue(((String) eval[1]).contains("mean return -13.000"), (String) eval[1]);
        assertTrue(Files.exists(dir.resolve("eval.json")));
    }

    @Test
    void sameSeedGivesIdenticalMetricsAndAnotherSeedDoesNot() throws Exception {
        String[] common = {"train", "--algo", "sarsa", "--env", "Taxi-v4", "--steps", "20000", "--eval-episodes", "5"};
        for (String name : List.of("a", "b")) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(common),
                    java.util.stream.Stream.of("--seed", "7", "--out", tmp.resolve(name).toString())).toArray(String[]::new);
            assertEquals(0, run(args)[0]);
        }
        assertEquals(CliRun.metricsWithoutWallTime(tmp.resolve("a")), CliRun.metricsWithoutWallTime(tmp.resolve("b")));
        String[] other = java.util.stream.Stream.concat(java.util.Arrays.stream(common),
                java.util.stream.Stream.of("--seed", "8", "--out", tmp.resolve("c").toString())).toArray(String[]::new);
        assertEquals(0, run(other)[0]);
        assertFalse(CliRun.metricsWithoutWallTime(tmp.resolve("a")).equals(CliRun.metricsWithoutWallTime(tmp.resolve("c"))));
    }

    @Test
    void resumingFromACheckpointEqualsTheUninterruptedRun() throws Exception {
        Path config = tmp.resolve("decaying.yaml");
        Files.writeString(config, """
                hyperparameters:
                  learning_rate: {type: linear, start: 0.5, end: 0.05}
                  epsilon: {type: exponential, start: 1.0, end: 0.02, fraction: 0.6}
                  lambda: 0.7
                """);
        Path full = tmp.resolve("full");
        Path split = tmp.resolve("split");
        String[] base = {"train", "--algo", "q-lambda", "--env", "FrozenLake-v1", "--config", config.toString(), "--steps", "30000",
            "--seed", "3", "--eval-episodes", "20"};
        assertEquals(0, run(concat(base, "--out", full.toString()))[0]);
        assertEquals(0, run(concat(base, "--out", split.toString(), "--stop-at", "12345"))[0]);
        assertEquals(12345, new ObjectMapper().readTree(split.resolve("summary.json").toFile()).path("steps").asLong());
        String before = Files.readString(split.resolve("metrics.csv"));
        for (String[] ignored : List.of(new String[] {"--hp", "gamma=0.5"}, new String[] {"--algo", "dqn", "--env", "Taxi-v4"},
                new String[] {"--seed", "4"})) {
            Object[] refused = run(concat(new String[] {"train", "--resume", split.toString()}, ignored));
            assertEquals(2, refused[0], (String) refused[1]);
            assertTrue(((String) refused[1]).contains("cannot change it (with --resume: --steps, --checkpoint-every"), (String) refused[1]);
            assertEquals(before, Files.readString(split.resolve("metrics.csv")), "a refused resume writes nothing");
        }
        Object[] resumed = run("train", "--resume", split.toString());
        assertEquals(0, resumed[0], (String) resumed[1]);
        assertEquals(0, run("train", "--resume", split.toString())[0], "resuming a finished run");
        assertTrue(new ObjectMapper().readTree(split.resolve("summary.json").toFile()).path("env_steps_per_second").asDouble() > 0,
                "the whole run's rate, not this session's 0 steps/s");
        assertEquals(CliRun.metricsWithoutWallTime(full), CliRun.metricsWithoutWallTime(split));
        CheckpointReader a = CheckpointReader.read(full.resolve("checkpoint.zip"));
        CheckpointReader b = CheckpointReader.read(split.resolve("checkpoint.zip"));
        assertArrayEquals(a.doubles("algorithm.q"), b.doubles("algorithm.q"), "the same Q-table bit for bit");
        assertArrayEquals(a.longs("algorithm.rng"), b.longs("algorithm.rng"));
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    @Test
    void badInputIsOneClearLineWithExitCodeTwoAndNoRunFolder() throws Exception {
        Path out = tmp.resolve("never");
        Path badKey = tmp.resolve("bad.yaml");
        Files.writeString(badKey, "hyperparameters:\n  learning_rat: 0.1\n");
        Path badRange = tmp.resolve("range.yaml");
        Files.writeString(badRange, "hyperparameters:\n  epsilon: 1.5\n");
        List<String[]> cases = List.of(
                new String[] {"train", "--algo", "dqm", "--env", "CliffWalking-v1", "--out", out.toString()},
                new String[] {"train", "--algo", "sarsa", "--env", "CliffWalker-v1", "--out", out.toString()},
                new String[] {"train", "--algo", "sarsa", "--env", "CliffWalking-v1", "--config", badKey.toString(), "--out", out.toString()},
                new String[] {"train", "--algo", "sarsa", "--env", "CliffWalking-v1", "--config", badRange.toString(), "--out", out.toString()},
                new String[] {"train", "--algo", "sarsa", "--env", "FrozenLake-v1", "--env-option", "slippery=false", "--out", out.toString()},
                new String[] {"train", "--algo", "value-iteration", "--env", "Blackjack-v1", "--out", out.toString()},
                new String[] {"train", "--algo", "sarsa", "--env", "Taxi-v4", "--steps", "0", "--out", out.toString()},
                new String[] {"train", "--algo", "sarsa", "--env", "Taxi-v4", "--seed", "x", "--out", out.toString()});
        List<String> expected = List.of("unknown algorithm 'dqm'; known algorithms:", "unknown env 'CliffWalker-v1'",
                "unknown key 'learning_rat' for TdControlConfig; allowed keys: epsilon, gamma, initial_q, learning_rate",
                "epsilon must stay in [0.0, 1.0]", "FrozenLake-v1 has no option 'slippery'", "Blackjack-v1 has none",
                "steps must be > 0, got 0", "Invalid value for option '--seed'");
        for (int i = 0; i < cases.size(); i++) {
            Object[] r = run(cases.get(i));
            assertEquals(2, r[0], String.join(" ", cases.get(i)) + "\n" + r[1]);
            assertTrue(((String) r[1]).contains(expected.get(i)), r[1] + " should contain " + expected.get(i));
            assertFalse(Files.exists(out), "no run folder for " + String.join(" ", cases.get(i)));
        }
    }

    @Test
    void mistypedOptionsAreOneLineNamingTheCommandsHelp() {
        String[][] cases = {{"train", "--frobnicate", "3"}, {"train", "--steps", "abc"}, {"train", "--seed", "1.5"}, {"train", "--hp", "gamma"},
            {"llm", "sft"}, {}};
        String[] expected = {"Unknown options: '--frobnicate', '3' (see 'reins train --help')", "Invalid value for option '--steps'",
            "Invalid value for option '--seed'", "Value for option '--hp' (KEY=VALUE) should be in KEY=VALUE format but was gamma",
            "(see 'reins llm sft --help')", "(see 'reins --help')"};
        for (int i = 0; i < cases.length; i++) {
            Object[] r = run(cases[i]);
            String printed = ((String) r[1]).strip();
            assertEquals(2, r[0], printed);
            assertTrue(printed.contains(expected[i]) && printed.lines().count() == 1, printed);
        }
    }

    @Test
    void listingsNameEveryAlgorithmAndEnv() {
        Object[] algos = run("algos");
        assertEquals(0, algos[0]);
        for (String a : List.of("value-iteration", "policy-iteration", "monte-carlo", "q-learning", "sarsa", "expected-sarsa",
                "sarsa-lambda", "q-lambda")) {
            assertTrue(((String) algos[1]).contains(a), a);
        }
        Object[] envs = run("envs");
        assertEquals(0, envs[0]);
        assertTrue(((String) envs[1]).contains("Taxi-v4") && ((String) envs[1]).contains("Taxi-v3=Taxi-v4"));
        Object[] help = run("train", "--help");
        assertEquals(0, help[0]);
        assertTrue(((String) help[1]).contains("--stop-at"));
    }

    @Test
    void checkEnvReplaysATraceAndNamesTheBadLine() throws Exception {
        Path good = tmp.resolve("trace.jsonl");
        Files.writeString(good, String.join("\n",
                "{\"env\": \"CartPole-v1\", \"seed\": 0, \"step\": -1, \"obs\": [0.0137, -0.023, -0.0459, -0.0483], "
                        + "\"state\": [0.013696168732145436, -0.02302132862361297, -0.045902647606380534, -0.04834723644714709], \"reset\": true}",
                "{\"env\": \"CartPole-v1\", \"seed\": 0, \"step\": 0, "
                        + "\"state\": [0.013696168732145436, -0.02302132862361297, -0.045902647606380534, -0.04834723644714709], "
                        + "\"action\": 1, \"reward\": 1.0, \"next_obs\": [0.013235742226243019, 0.17272774875164032, "
                        + "-0.04686959087848663, -0.3551521897315979], \"next_state\": [0.013235742159673177, 0.17272774640672586, "
                        + "-0.04686959233532348, -0.3551522026891103], \"terminated\": false, \"truncated\": false}"));
        Object[] ok = run("check-env", "--gym-trace", good.toString());
        assertEquals(0, ok[0], (String) ok[1]);
        assertTrue(((String) ok[1]).contains("all match"), (String) ok[1]);

        Path wrong = tmp.resolve("wrong.jsonl");
        Files.writeString(wrong, Files.readString(good).replace("\"action\": 1", "\"action\": 0"));
        Object[] deviates = run("check-env", "--gym-trace", wrong.toString());
        assertEquals(1, deviates[0], (String) deviates[1]);
        assertTrue(((String) deviates[1]).contains("MISMATCH"), (String) deviates[1]);

        Path malformed = tmp.resolve("malformed.jsonl");
        Files.writeString(malformed, Files.readString(good) + "\n{\"env\": \"CartPole-v1\", \"seed\": 0, \"step\": 1}\n");
        Object[] bad = run("check-env", "--gym-trace", malformed.toString());
        assertEquals(2, bad[0], (String) bad[1]);
        assertTrue(((String) bad[1]).contains("line 3: missing field 'state'"), (String) bad[1]);
    }

    @Test
    void renderDrawsARandomEpisodeAndATrainedPolicy() throws Exception {
        Path gif = tmp.resolve("cartpole.gif");
        Object[] random = run("render", "--env", "CartPole-v1", "--out", gif.toString());
        assertEquals(0, random[0], (String) random[1]);
        assertTrue(Files.size(gif) > 1000);
        Path dir = tmp.resolve("cliff");
        assertEquals(0, run("train", "--algo", "q-learning", "--env", "CliffWalking-v1", "--steps", "20000", "--out", dir.toString())[0]);
        Path frames = tmp.resolve("frames");
        Object[] trained = run("render", "--policy", dir.toString(), "--out", frames.toString());
        assertEquals(0, trained[0], (String) trained[1]);
        assertTrue(((String) trained[1]).contains("returns [-13.0]"), (String) trained[1]);
        try (var files = Files.list(frames)) {
            assertEquals(14, files.count(), "the start and 13 steps");
        }
    }

    @Test
    void benchRunsJmhAndWritesTheTable() throws Exception {
        Path out = tmp.resolve("micro");
        Object[] r = run("bench", "--suite", "micro", "--quick", "--include", "EnvStepBenchmark.*", "--param", "env=CartPole-v1",
                "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);
        String table = Files.readString(out.resolve("micro.md"));
        assertTrue(table.contains("EnvStepBenchmark.step | {env=CartPole-v1}"), table);
        assertTrue(table.matches("(?s).*\\| \\d+× \\|.*"), "a ratio to Gymnasium: " + table);
        assertTrue(Files.readString(out.resolve("micro.json")).contains("transitions_per_second")
                || Files.readString(out.resolve("micro.json")).contains("transitionsPerSecond"));
    }

    @Test
    void zooConfigsAreListedAndUsedWhenNoConfigIsGiven() throws Exception {
        Object[] zoo = run("zoo");
        assertEquals(0, zoo[0], (String) zoo[1]);
        assertTrue(((String) zoo[1]).contains("sarsa") && ((String) zoo[1]).contains("CliffWalking-v1"), (String) zoo[1]);
        Path dir = tmp.resolve("zoo-run");
        Object[] r = run("train", "--algo", "sarsa", "--env", "CliffWalking-v1", "--out", dir.toString());
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("using the zoo's tuned config zoo/sarsa/CliffWalking-v1.yaml"), (String) r[1]);
        String config = Files.readString(dir.resolve("config.yaml"));
        assertTrue(config.contains("steps: 30000") && config.contains("learning_rate: 0.5") && config.contains("gamma: 1.0"), config);
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals(-17.0, summary.path("eval").path("mean_return").asDouble(), "the safe path: 17 steps along the top");
    }

    @Test
    void dqnTrainsThroughTheCliAndResumesIdentically() throws Exception {
        Path config = tmp.resolve("dqn.yaml");
        Files.writeString(config, """
                hyperparameters:
                  num_envs: 2
                  learning_starts: 200
                  train_frequency: 4
                  target_update_interval: 100
                  hidden: [16]
                  n_steps: 2
                  prioritized_replay: true
                """);
        String[] base = {"train", "--algo", "double-dqn", "--env", "CartPole-v1", "--config", config.toString(), "--steps", "2000",
            "--eval-episodes", "3"};
        Path full = tmp.resolve("dqn-full");
        Path split = tmp.resolve("dqn-split");
        Object[] a = run(concat(base, "--out", full.toString()));
        assertEquals(0, a[0], (String) a[1]);
        assertEquals(0, run(concat(base, "--out", split.toString(), "--stop-at", "900"))[0]);
        assertEquals(0, run("train", "--resume", split.toString())[0]);
        assertEquals(CliRun.metricsWithoutWallTime(full), CliRun.metricsWithoutWallTime(split));
        String header = Files.readAllLines(full.resolve("metrics.csv")).get(0);
        assertTrue(header.endsWith("loss,q_mean,td_error_abs,grad_norm,epsilon,learning_rate"), header);
    }

    @Test
    void periodicEvaluationsAreLoggedAndVectorizedRunsStopAndResume() throws Exception {
        Path dir = tmp.resolve("evals");
        Object[] r = run("train", "--algo", "q-learning", "--env", "CliffWalking-v1", "--steps", "5000", "--eval-every", "1000",
                "--eval-episodes", "3", "--out", dir.toString());
        assertEquals(0, r[0], (String) r[1]);
        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        int evalColumn = List.of(lines.get(0).split(",")).indexOf("eval_mean_return");
        long evaluations = lines.stream().skip(1).map(l -> l.split(",", -1)).filter(c -> !c[evalColumn].isEmpty()).count();
        assertEquals(5, evaluations, "at 1000, 2000, 3000, 4000 and 5000 steps");

        // PPO advances 4 steps at a time: with periodic checkpoints on, a run stopped at 300 resumes to its budget.
        Path config = tmp.resolve("ppo.yaml");
        Files.writeString(config, "hyperparameters:\n  num_envs: 4\n  n_steps: 16\n  batch_size: 32\n  n_epochs: 1\n  hidden: [8]\n");
        Path ppo = tmp.resolve("ppo");
        Object[] p = run("train", "--algo", "ppo", "--env", "CartPole-v1", "--config", config.toString(), "--steps", "640",
                "--checkpoint-every", "250", "--stop-at", "300", "--eval-episodes", "2", "--out", ppo.toString());
        assertEquals(0, p[0], (String) p[1]);
        assertEquals(300, new ObjectMapper().readTree(ppo.resolve("summary.json").toFile()).path("steps").asLong());
        assertEquals(0, run("train", "--resume", ppo.toString())[0]);
        assertEquals(640, new ObjectMapper().readTree(ppo.resolve("summary.json").toFile()).path("steps").asLong());
    }
}
