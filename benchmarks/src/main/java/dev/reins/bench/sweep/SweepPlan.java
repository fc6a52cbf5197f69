package dev.reins.bench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reins.algorithms.AlgorithmSpec;
import dev.reins.algorithms.Algorithms;
import dev.reins.bench.experiment.RunConfig;
import dev.reins.core.config.ConfigException;
import dev.reins.core.random.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a {@link SweepSpec} into its trials — every configuration (grid combination in file order, the last axis
 * varying fastest; or the random draws in order) × every seed — and checks each trial's hyperparameters against
 * its algorithm before anything runs, so a bad key or value fails the sweep up front.
 *
 * <pre>{@code
 * List<SweepTrial> trials = SweepPlan.trials(SweepSpec.read(Path.of("sweep.yaml")));
 * }</pre>
 */
public final class SweepPlan {
    private SweepPlan() {}

    /** The trials of {@code spec}, configuration-major; throws a {@link ConfigException} naming any invalid one. */
    public static List<SweepTrial> trials(SweepSpec spec) {
        List<Map<String, JsonNode>> configs = configurations(spec);
        AlgorithmSpec<?> algorithm = Algorithms.get(spec.base().algo());
        List<SweepTrial> trials = new ArrayList<>();
        for (int c = 0; c < configs.size(); c++) {
            ObjectNode hyperparameters = spec.base().hyperparameters().deepCopy();
            configs.get(c).forEach((key, value) -> set(hyperparameters, key, value));
            String source = "sweep configuration " + c + " " + describe(configs.get(c));
            algorithm.config(hyperparameters, source); // validates: unknown keys and bad values fail here
            for (long seed : spec.seeds()) {
                RunConfig base = spec.base();
                RunConfig config = new RunConfig(base.algo(), base.env(), seed, base.steps(), base.evalEpisodes(),
                        base.checkpointEvery(), base.evalEvery(), base.envOptions(), hyperparameters, base.divergenceBound());
                trials.add(new SweepTrial(c, configs.get(c), config));
            }
        }
        return trials;
    }

    /** The swept values of every configuration. */
    static List<Map<String, JsonNode>> configurations(SweepSpec spec) {
        List<Map<String, JsonNode>> out = new ArrayList<>();
        if (spec.samples() > 0) {
            Rng rng = new Rng(spec.searchSeed());
            for (int i = 0; i < spec.samples(); i++) {
                Map<String, JsonNode> values = new LinkedHashMap<>();
                spec.random().forEach((key, space) -> values.put(key, space.draw(rng)));
                out.add(values);
            }
            return out;
        }
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<JsonNode>> axis : spec.grid().entrySet()) {
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> partial : out) {
                for (JsonNode value : axis.getValue()) {
                    Map<String, JsonNode> values = new LinkedHashMap<>(partial);
                    values.put(axis.getKey(), value);
                    next.add(values);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * Sets {@code dottedKey} (e.g. {@code generator.learning_rate}) in {@code root}, creating the path; a mapping given
     * where a mapping is merges into it key by key.
     */
    static void set(ObjectNode root, String dottedKey, JsonNode value) {
        String[] path = dottedKey.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < path.length - 1; i++) {
            node = node.get(path[i]) instanceof ObjectNode child ? child : node.putObject(path[i]);
        }
        String leaf = path[path.length - 1];
        if (node.get(leaf) instanceof ObjectNode existing && value instanceof ObjectNode incoming) {
            incoming.fields().forEachRemaining(e -> set(existing, e.getKey(), e.getValue()));
        } else {
            node.set(leaf, value.deepCopy());
        }
    }

    /** {@code {learning_rate: 0.001, n_epochs: 4}}: a configuration's values as one line. */
    static String describe(Map<String, JsonNode> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + ": " + (v.isTextual() ? v.asText() : v.toString())));
        return "{" + String.join(", ", parts) + "}";
    }
}
