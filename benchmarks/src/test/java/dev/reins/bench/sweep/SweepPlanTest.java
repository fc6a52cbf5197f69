package dev.reins.bench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reins.core.config.ConfigException;
import dev.reins.core.config.Configs;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Sweep files: what they expand to, and one clear error for each way they can be wrong. */
class SweepPlanTest {
    private static SweepSpec spec(String yaml) {
        return SweepSpec.parse(Configs.readYamlTree(yaml, "test"), "sweep file s.yaml");
    }

    @Test
    void aGridIsEveryCombinationTimesEverySeedOverTheZoosConfig() {
        SweepSpec s = spec("""
                base: {algo: ppo, env: CartPole-v1, steps: 2000, hyperparameters: {precision: float32}}
                grid: {learning_rate: [0.001, 0.0003], n_epochs: [4, 10, 20]}
                seeds: [3, 5]
                """);
        List<SweepTrial> trials = SweepPlan.trials(s);
        assertEquals(12, trials.size());
        // configuration-major, the last axis fastest
        assertEquals("{learning_rate: 0.001, n_epochs: 4}", SweepPlan.describe(trials.get(0).values()));
        assertEquals("{learning_rate: 0.001, n_epochs: 10}", SweepPlan.describe(trials.get(2).values()));
        assertEquals(List.of(3L, 5L), List.of(trials.get(0).seed(), trials.get(1).seed()));
        SweepTrial last = trials.get(11);
        assertEquals(5, last.configIndex());
        JsonNode hp = last.config().hyperparameters();
        assertEquals(0.0003, hp.get("learning_rate").asDouble());
        assertEquals(20, hp.get("n_epochs").asInt());
        assertEquals("float32", hp.get("precision").asText().toLowerCase(), "the base's own hyperparameters stay");
        assertEquals(256, hp.get("batch_size").asInt(), "the zoo's tuned CartPole-v1 settings are the starting point");
        assertEquals(2000, last.config().steps());
        assertTrue(last.folder(java.nio.file.Path.of("s")).endsWith(java.nio.file.Path.of("trials", "config-5", "seed-5")));
    }

    @Test
    void randomDrawsAreSeededAndInsideTheirSpaces() {
        String yaml = """
                base: {algo: ppo, env: CartPole-v1, steps: 2000}
                random: {samples: 20, seed: 7, learning_rate: {log_uniform: [1.0e-5, 1.0e-2]}, n_epochs: {int_uniform: [2, 5]},
                         gamma: {uniform: [0.9, 0.99]}, activation: {choice: [tanh, relu]}}
                """;
        List<Map<String, JsonNode>> a = SweepPlan.configurations(spec(yaml));
        List<Map<String, JsonNode>> b = SweepPlan.configurations(spec(yaml));
        assertEquals(a, b, "same seed, same draws");
        assertEquals(20, a.size());
        for (Map<String, JsonNode> c : a) {
            double lr = c.get("learning_rate").asDouble();
            assertTrue(lr >= 1e-5 && lr <= 1e-2, "learning_rate " + lr);
            int epochs = c.get("n_epochs").asInt();
            assertTrue(epochs >= 2 && epochs <= 5, "n_epochs " + epochs);
            double gamma = c.get("gamma").asDouble();
            assertTrue(gamma >= 0.9 && gamma <= 0.99, "gamma " + gamma);
        }
        assertEquals(4, a.stream().map(c -> c.get("n_epochs").asInt()).collect(Collectors.toSet()).size(), "both ends are drawn");
        assertEquals(2, a.stream().map(c -> c.get("activation").asText()).collect(Collectors.toSet()).size());
        assertEquals(20, SweepPlan.trials(spec(yaml)).size(), "one seed by default");
        assertTrue(!a.equals(SweepPlan.configurations(spec(yaml.replace("seed: 7", "seed: 8")))), "another seed, other draws");
    }

    @Test
    void dottedKeysReachNestedConfigs() {
        SweepSpec s = spec("""
                base: {algo: gail, env: CartPole-v1, steps: 2000}
                grid: {generator.learning_rate: [0.001]}
                """);
        JsonNode hp = SweepPlan.trials(s).get(0).config().hyperparameters();
        assertEquals(0.001, hp.get("generator").get("learning_rate").asDouble());
        assertTrue(hp.get("generator").has("n_steps") || hp.get("generator").size() == 1);
    }

    @Test
    void everyMistakeIsOneLineNamingTheKey() {
        Map<String, String> cases = Map.of(
                "base: {algo: ppo, env: CartPole-v1, steps: 100}\ngrid: {learning_rat: [0.1]}", "learning_rat",
                "base: {algo: ppo, env: CartPole-v1, steps: 100}\ngrid: {learning_rate: []}", "grid.learning_rate must be a non-empty list",
                "base: {algo: ppo, env: CartPole-v1, steps: 100}\ngrid: {learning_rate: [-1.0]}", "learning_rate",
                "base: {algo: ppo, env: CartPole-v1, steps: 100}\ngrid: {n_epochs: [2]}\nrandom: {samples: 2, gamma: {uniform: [0.9, 1]}}",
                "grid or random, not both",
                "base: {algo: ppo, env: CartPole-v1, steps: 100}\nrandom: {samples: 2, gamma: {normal: [0, 1]}}", "unknown kind 'normal'",
                "base: {algo: ppo, env: CartPole-v1, steps: 100}\nseeds: []", "seeds must be a non-empty list",
                "base: {algo: ppo, env: CartPole-v1, steps: 100}\nseeds: [1, 1]", "seed 1 is listed twice",
                "base: {env: CartPole-v1}", "base must be a run config with at least algo and env",
                "base: {algo: ppo, env: CartPole-v1}\ngrids: {n_epochs: [2]}", "unknown key 'grids'",
                "base: {algo: ppo, env: CartPole-v1}\nrandom: {samples: 2, learning_rate: {log_uniform: [0, 1]}}", "both ends must be > 0");
        cases.forEach((yaml, expected) -> {
            Exception e = assertThrows(RuntimeException.class, () -> SweepPlan.trials(spec(yaml)), yaml);
            assertTrue(e instanceof ConfigException || e instanceof IllegalArgumentException, e.toString());
            assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should say " + expected);
            assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        });
    }
}
