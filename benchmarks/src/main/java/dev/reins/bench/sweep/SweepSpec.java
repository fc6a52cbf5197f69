package dev.reins.bench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reins.bench.Zoo;
import dev.reins.bench.experiment.RunConfig;
import dev.reins.core.config.ConfigException;
import dev.reins.core.config.Configs;
import dev.reins.envs.registry.Envs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep file: the run every trial starts from, the hyperparameters to vary (every combination of a grid, or
 * {@code samples} random draws) and the seeds each configuration is trained with.
 *
 * <pre>{@code
 * base: {algo: ppo, env: CartPole-v1, steps: 20000}            # any run config; the zoo's hyperparameters apply first
 * grid: {learning_rate: [0.001, 0.0003], n_epochs: [4, 10]}    # every combination
 * # or random: {samples: 8, seed: 0, learning_rate: {log_uniform: [1.0e-5, 1.0e-2]}}
 * seeds: [0, 1, 2]
 * }</pre>
 *
 * Hyperparameter keys may be dotted ({@code generator.learning_rate}) to reach a nested config.
 *
 * @param base the run config of every trial before its swept values (the zoo's tuned config for the pair, if there
 *     is one, under the file's {@code base})
 * @param grid the grid's axes in file order (empty for a random search or a single configuration)
 * @param samples random draws (0 for a grid)
 * @param searchSeed the seed of the random draws
 * @param random the random search's spaces in file order
 * @param seeds the run seeds of every configuration
 */
public record SweepSpec(RunConfig base, Map<String, List<JsonNode>> grid, int samples, long searchSeed,
        Map<String, SearchSpace> random, List<Long> seeds) {
    private static final Set<String> KEYS = Set.of("base", "grid", "random", "seeds");

    /** Reads and checks a sweep file; errors name the file, the key and what was expected. */
    public static SweepSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("sweep file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read sweep file " + file + ": " + e.getMessage(), e);
        }
        return parse(Configs.readYamlTree(text, "sweep file " + file), "sweep file " + file);
    }

    /** Reads a sweep from its YAML tree. */
    public static SweepSpec parse(JsonNode tree, String source) {
        if (tree == null || !tree.isObject()) {
            throw new ConfigException(source + " must be a mapping with base, grid or random, and seeds");
        }
        tree.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw new ConfigException(source + ": unknown key '" + k + "'; allowed keys: base, grid, random, seeds");
            }
        });
        RunConfig base = base(tree.get("base"), source);
        if (tree.has("grid") && tree.has("random")) {
            throw new ConfigException(source + ": give grid or random, not both");
        }
        Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
        if (tree.has("grid")) {
            JsonNode g = tree.get("grid");
            if (!g.isObject() || g.isEmpty()) {
                throw new ConfigException(source + ": grid must map hyperparameters to lists of values, got " + g);
            }
            g.fields().forEachRemaining(e -> {
                if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                    throw new ConfigException(source + ": grid." + e.getKey() + " must be a non-empty list of values, got "
                            + e.getValue());
                }
                List<JsonNode> values = new ArrayList<>();
                e.getValue().forEach(values::add);
                grid.put(e.getKey(), List.copyOf(values));
            });
        }
        int samples = 0;
        long searchSeed = 0;
        Map<String, SearchSpace> random = new LinkedHashMap<>();
        if (tree.has("random")) {
            JsonNode r = tree.get("random");
            if (!r.isObject() || !r.has("samples") || !r.get("samples").canConvertToInt() || r.get("samples").asInt() < 1) {
                throw new ConfigException(source + ": random needs samples: N (N >= 1) and at least one hyperparameter, got " + r);
            }
            samples = r.get("samples").asInt();
            if (r.has("seed")) {
                if (!r.get("seed").canConvertToLong()) {
                    throw new ConfigException(source + ": random.seed must be an integer, got " + r.get("seed"));
                }
                searchSeed = r.get("seed").asLong();
            }
            r.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("samples") && !e.getKey().equals("seed")) {
                    random.put(e.getKey(), SearchSpace.parse(e.getKey(), e.getValue()));
                }
            });
            if (random.isEmpty()) {
                throw new ConfigException(source + ": random has no hyperparameter to draw");
            }
        }
        List<Long> seeds = new ArrayList<>();
        if (tree.has("seeds")) {
            JsonNode s = tree.get("seeds");
            if (!s.isArray() || s.isEmpty()) {
                throw new ConfigException(source + ": seeds must be a non-empty list of integers, got " + s);
            }
            for (JsonNode n : s) {
                if (!n.canConvertToLong() || !n.isIntegralNumber()) {
                    throw new ConfigException(source + ": seeds must be integers, got " + n);
                }
                if (seeds.contains(n.asLong())) {
                    throw new ConfigException(source + ": seed " + n.asLong() + " is listed twice");
                }
                seeds.add(n.asLong());
            }
        } else {
            seeds.add(0L);
        }
        return new SweepSpec(base, grid, samples, searchSeed, random, List.copyOf(seeds));
    }

    private static RunConfig base(JsonNode node, String source) {
        if (node == null || !node.isObject() || !node.has("algo") || !node.has("env")) {
            throw new ConfigException(source + ": base must be a run config with at least algo and env, got " + node);
        }
        String algo = node.get("algo").asText();
        String env = node.get("env").asText();
        dev.reins.algorithms.Algorithms.get(algo); // an unknown name fails here, naming the known ones
        String envId = Envs.registration(env).id();
        RunConfig start = Zoo.lookup(algo, envId).orElse(new RunConfig(algo, envId, 0, 1, 100, 0, 0, Map.of(), null));
        // The base's hyperparameters go over the zoo's key by key, as --hp does for 'reins train'.
        ObjectNode rest = ((ObjectNode) node).deepCopy();
        JsonNode hyperparameters = rest.remove("hyperparameters");
        RunConfig config = Configs.overlay(start, rest, RunConfig.class, source + ": base");
        if (hyperparameters != null && !hyperparameters.isNull()) {
            if (!hyperparameters.isObject()) {
                throw new ConfigException(source + ": base.hyperparameters must be a mapping, got " + hyperparameters);
            }
            ObjectNode merged = config.hyperparameters().deepCopy();
            hyperparameters.fields().forEachRemaining(e -> SweepPlan.set(merged, e.getKey(), e.getValue()));
            config = config.withHyperparameters(merged);
        }
        return config;
    }
}
