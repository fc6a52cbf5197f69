package dev.reins.bench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reins.bench.experiment.RunConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * One trial of a sweep: configuration {@code configIndex} (its swept values) trained with one seed into its own run
 * folder.
 *
 * @param configIndex the configuration's place in the sweep (0-based; grid order or draw order)
 * @param values the swept hyperparameters of this configuration, by (possibly dotted) key
 * @param config the complete run config the trial trains with
 */
public record SweepTrial(int configIndex, Map<String, JsonNode> values, RunConfig config) {
    public long seed() {
        return config.seed();
    }

    /** {@code config I {key: value, ...} seed S}: how progress lines name the trial. */
    public String label() {
        return "config " + configIndex + " " + SweepPlan.describe(values) + " seed " + seed();
    }

    /** {@code root/trials/config-I/seed-S}. */
    public Path folder(Path root) {
        return root.resolve("trials").resolve("config-" + configIndex).resolve("seed-" + seed());
    }
}
