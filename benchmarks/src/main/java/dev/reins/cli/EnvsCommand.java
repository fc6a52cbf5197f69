package dev.reins.cli;

import dev.reins.envs.registry.EnvRegistration;
import dev.reins.envs.registry.Envs;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;

/** {@code reins envs}: lists the registered envs. */
@Command(name = "envs", mixinStandardHelpOptions = true, description = "List the registered envs with their limits and options.")
final class EnvsCommand implements Runnable {
    @Override
    public void run() {
        System.out.printf(Locale.ROOT, "%-26s %-10s %-10s %s%n", "ID", "MAX STEPS", "THRESHOLD", "DESCRIPTION / OPTIONS");
        for (String id : Envs.ids()) {
            EnvRegistration r = Envs.registration(id);
            System.out.printf(Locale.ROOT, "%-26s %-10s %-10s %s%n", id,
                    r.maxEpisodeSteps().isPresent() ? r.maxEpisodeSteps().getAsInt() : "-",
                    r.rewardThreshold().isPresent() ? r.rewardThreshold().getAsDouble() : "-", r.description());
            if (!r.defaultOptions().isEmpty()) {
                System.out.printf(Locale.ROOT, "%-48s options: %s%n", "", new TreeMap<>(r.defaultOptions()));
            }
        }
        Map<String, String> aliases = new TreeMap<>(Envs.aliases());
        if (!aliases.isEmpty()) {
            System.out.println("aliases: " + aliases);
        }
    }
}
