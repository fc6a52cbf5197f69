package dev.reins.cli;

import dev.reins.bench.Zoo;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code reins zoo}: lists the tuned configs. */
@Command(name = "zoo", mixinStandardHelpOptions = true,
        description = "List the tuned configs used by 'reins train --algo A --env E' when no --config is given.")
final class ZooCommand implements Runnable {
    @Override
    public void run() {
        System.out.printf(Locale.ROOT, "%-16s %-24s %10s  %s%n", "ALGO", "ENV", "STEPS", "NOTE");
        for (Zoo.Entry e : Zoo.entries()) {
            System.out.printf(Locale.ROOT, "%-16s %-24s %10d  %s%n", e.algo(), e.env(), e.steps(), e.note());
        }
    }
}
