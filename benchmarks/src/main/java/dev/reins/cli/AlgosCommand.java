package dev.reins.cli;

import dev.reins.algorithms.AlgorithmSpec;
import dev.reins.algorithms.Algorithms;
import dev.reins.core.config.Configs;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins algos}: lists the algorithms. */
@Command(name = "algos", mixinStandardHelpOptions = true, description = "List the algorithms with their default step budgets.")
final class AlgosCommand implements Runnable {
    @Option(names = "--defaults", description = "Also print each algorithm's default hyperparameters (YAML).")
    boolean defaults;

    @Override
    public void run() {
        System.out.printf(Locale.ROOT, "%-18s %-10s %-12s %s%n", "NAME", "FAMILY", "STEPS", "DESCRIPTION");
        for (AlgorithmSpec<?> spec : Algorithms.all()) {
            System.out.printf(Locale.ROOT, "%-18s %-10s %-12d %s%n", spec.name(), spec.family(), spec.defaultSteps(),
                    spec.description());
            if (defaults) {
                for (String line : Configs.toYaml(spec.defaults().get()).split("\n")) {
                    System.out.println("    " + line);
                }
            }
        }
    }
}
