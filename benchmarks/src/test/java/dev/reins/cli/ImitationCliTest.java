package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reins record} and {@code reins train --algo bc|dagger|... --demos|--expert}, end to end. */
class ImitationCliTest {
    @TempDir
    static Path tmp;
    static Path expert;
    static Path demos;

    @BeforeAll
    static void trainAndRecordAnExpert() {
        expert = tmp.resolve("expert");
        Object[] r = CliRun.run("train", "--algo", "ppo", "--env", "CartPole-v1", "--steps", "4096", "--eval-episodes", "2", "--out",
                expert.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        demos = tmp.resolve("demos.jsonl");
        r = CliRun.run("record", "--run", expert.toString(), "--episodes", "3", "--out", demos.toString());
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("recorded 3 episodes"), (String) r[1]);
    }

    @Test
    void recordingsAreOneTrajectoryALineAndSeeded() throws Exception {
        List<String> lines = Files.readAllLines(demos);
        assertEquals(3, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("CartPole-v1", first.get("env").asText());
        assertEquals(first.get("actions").size() + 1, first.get("observations").size());
        assertEquals(4, first.get("observations").get(0).size());
        Path again = tmp.resolve("again.jsonl");
        assertEquals(0, CliRun.run("record", "--run", expert.toString(), "--episodes", "3", "--out", again.toString())[0]);
        assertEquals(lines, Files.readAllLines(again), "the same run and seed record the same episodes");
        Path sampled = tmp.resolve("sampled.jsonl");
        Object[] r = CliRun.run("record", "--run", expert.toString(), "--episodes", "2", "--stochastic", "--out", sampled.toString());
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains(", sampled"), (String) r[1]);
    }

    @Test
    void imitationAlgorithmsTrainFromTheCommandLine() throws Exception {
        Path bc = tmp.resolve("bc");
        Object[] r = CliRun.run("train", "--algo", "bc", "--env", "CartPole-v1", "--demos", demos.toString(), "--steps", "300",
                "--eval-episodes", "2", "--out", bc.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        String config = Files.readString(bc.resolve("config.yaml"));
        assertTrue(config.contains("demos: ") && config.contains(demos.toAbsolutePath().normalize().toString()), config);
        assertTrue(Files.readString(bc.resolve("metrics.csv")).contains("bc_neg_log_likelihood"));
        Path dagger = tmp.resolve("dagger");
        r = CliRun.run("train", "--algo", "dagger", "--env", "CartPole-v1", "--expert", expert.toString(), "--steps", "600",
                "--hp", "steps_per_round=300", "--hp", "bc_steps_per_round=100", "--eval-episodes", "2", "--out", dagger.toString(),
                "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(Files.readString(dagger.resolve("metrics.csv")).contains("expert_labels"));
        Path irlDemos = tmp.resolve("lake.jsonl");
        Path vi = tmp.resolve("vi");
        assertEquals(0, CliRun.run("train", "--algo", "value-iteration", "--env", "FrozenLake8x8-v1", "--env-option",
                "is_slippery=false", "--out", vi.toString(), "--no-progress")[0]);
        assertEquals(0, CliRun.run("record", "--run", vi.toString(), "--episodes", "1", "--out", irlDemos.toString())[0]);
        r = CliRun.run("train", "--algo", "maxent-irl", "--env", "FrozenLake8x8-v1", "--demos", irlDemos.toString(), "--steps", "200",
                "--eval-episodes", "1", "--out", tmp.resolve("irl").toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("mean return 1.000"), (String) r[1]);
    }

    @Test
    void theClassicSuiteLearnsImitationRowsFromItsOwnExpert() throws Exception {
        Path root = tmp.resolve("suite");
        Object[] r = CliRun.run("bench", "--suite", "classic", "--quick", "--seeds", "1", "--algos", "bc,dagger", "--envs", "CartPole-v1",
                "--out", root.toString());
        assertEquals(0, r[0], (String) r[1]);
        assertEquals(10, Files.readAllLines(root.resolve("demos/CartPole-v1.jsonl")).size(), "10 episodes of the expert");
        assertTrue(Files.isRegularFile(root.resolve("runs/ppo/CartPole-v1/seed-0/summary.json")), "the expert is the ppo zoo run");
        String results = Files.readString(root.resolve("results.md"));
        assertTrue(results.contains("## Imitation"), results);
        assertTrue(results.lines().anyMatch(l -> l.startsWith("| bc | CartPole-v1 | 1 |")), results);
        assertTrue(results.lines().anyMatch(l -> l.startsWith("| dagger | CartPole-v1 | 1 |")), results);
    }

    @Test
    void badDemonstrationsAndExpertsAreOneLineWithExitTwoAndNoRunFolder() throws Exception {
        Path wrongShape = tmp.resolve("shape.jsonl");
        Files.writeString(wrongShape, Files.readAllLines(demos).get(0) + "\n"
                + "{\"observations\": [[0, 0, 0], [0, 0, 0, 0]], \"actions\": [1], \"rewards\": [1]}\n");
        Path wrongAction = tmp.resolve("action.jsonl");
        Files.writeString(wrongAction, "{\"observations\": [[0, 0, 0, 0], [0, 0, 0, 0]], \"actions\": [2], \"rewards\": [1]}\n");
        Path empty = tmp.resolve("empty.jsonl");
        Files.writeString(empty, "");
        Path out = tmp.resolve("never");
        List<String[]> cases = List.of(
                new String[] {"train", "--algo", "bc", "--env", "CartPole-v1", "--demos", wrongShape.toString()},
                new String[] {"train", "--algo", "gail", "--env", "CartPole-v1", "--demos", wrongAction.toString()},
                new String[] {"train", "--algo", "bc", "--env", "CartPole-v1", "--demos", empty.toString()},
                new String[] {"train", "--algo", "bc", "--env", "Acrobot-v1", "--demos", demos.toString()},
                new String[] {"train", "--algo", "dagger", "--env", "Acrobot-v1", "--expert", expert.toString()},
                new String[] {"train", "--algo", "bc", "--env", "CartPole-v1"},
                new String[] {"train", "--algo", "ppo", "--env", "CartPole-v1", "--demos", demos.toString()},
                new String[] {"train", "--algo", "bc", "--env", "CartPole-v1", "--demos", tmp.resolve("missing.jsonl").toString()},
                new String[] {"record", "--run", expert.toString(), "--episodes", "1", "--out", demos.toString()});
        List<String> expected = List.of("shape.jsonl:2: observation 0 is [0,0,0], expected 4 numbers",
                "action.jsonl:1: action 0 is 2, outside the action space Discrete(2)", "empty.jsonl has no trajectories",
                "demos.jsonl:1: the trajectory was played on CartPole-v1, but the env is Acrobot-v1",
                "was trained on CartPole-v1, not Acrobot-v1", "bc learns from demonstrations: give --demos FILE",
                "--demos: ppo does not learn from demonstrations", "missing.jsonl does not exist", "already exists");
        for (int i = 0; i < cases.size(); i++) {
            String[] args = cases.get(i)[0].equals("train") ? concat(cases.get(i), "--out", out.toString()) : cases.get(i);
            Object[] r = CliRun.run(args);
            String printed = (String) r[1];
            assertEquals(Reins.BAD_INPUT, r[0], String.join(" ", args) + "\n" + printed);
            assertTrue(printed.contains(expected.get(i)), printed + " should contain " + expected.get(i));
            assertFalse(printed.contains("\tat "), "no stack trace: " + printed);
            assertFalse(Files.exists(out), "no run folder for " + String.join(" ", args));
        }
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }
}
