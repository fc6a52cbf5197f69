package dev.reins.bench.suite;

import dev.reins.bench.experiment.RunConfig;
import java.nio.file.Path;

/**
 * One run of a suite: the zoo config of an (algorithm, env) pair with a seed, trained into its own run folder.
 *
 * @param config the run config (the zoo's, with the suite's seed and budget)
 */
public record SuiteRun(RunConfig config) {
    public String algo() {
        return config.algo();
    }

    public String env() {
        return config.env();
    }

    public long seed() {
        return config.seed();
    }

    /** {@code root/runs/ALGO/ENV/seed-S}. */
    public Path folder(Path root) {
        return root.resolve("runs").resolve(algo()).resolve(env()).resolve("seed-" + seed());
    }
}
