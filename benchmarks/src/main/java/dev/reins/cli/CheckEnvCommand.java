package dev.reins.cli;

import dev.reins.core.env.EnvCheckReport;
import dev.reins.core.env.EnvChecker;
import dev.reins.envs.registry.Envs;
import dev.reins.envs.trace.GymTraceReplay;
import dev.reins.envs.trace.TraceEpisodeReport;
import dev.reins.envs.trace.TraceFormatException;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins check-env}: replays Gymnasium traces against our envs, or runs the env contract checker. */
@Command(name = "check-env", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a Gymnasium trace (JSON lines: env, seed, step, state, action, reward, next_obs, next_state,",
            "terminated, truncated) against Reins' envs, or check envs against the Env contract.",
            "Exit code: 0 everything matches, 1 a deviation, 2 a malformed file (the line is named)."})
final class CheckEnvCommand implements Callable<Integer> {
    @Option(names = "--gym-trace", paramLabel = "FILE.jsonl", description = "A trace recorded with Gymnasium.")
    Path trace;

    @Option(names = "--env", description = "Run the contract checker on this env (default with no trace: every registered env).")
    List<String> envs;

    @Option(names = "--steps", defaultValue = "2000", description = "Random steps per env for the contract checker (default: ${DEFAULT-VALUE}).")
    int steps;

    @Override
    public Integer call() throws Exception {
        return trace != null ? replay() : checkContracts();
    }

    private int replay() throws Exception {
        List<TraceEpisodeReport> reports;
        try (BufferedReader in = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            reports = GymTraceReplay.replay(in, trace.toString());
        } catch (NoSuchFileException e) {
            System.err.println("reins: trace file " + trace + " does not exist");
            return Reins.BAD_INPUT;
        } catch (TraceFormatException e) {
            System.err.println("reins: " + e.getMessage());
            return Reins.BAD_INPUT;
        }
        if (reports.isEmpty()) {
            System.err.println("reins: " + trace + " has no step lines");
            return Reins.BAD_INPUT;
        }
        System.out.printf(Locale.ROOT, "%-26s %6s %6s %12s %12s %12s  %s%n", "ENV", "SEED", "STEPS", "MAX |Δobs|", "MAX |Δstate|",
                "MAX |Δreward|", "RESULT");
        int failed = 0;
        for (TraceEpisodeReport r : reports) {
            boolean ok = r.matches(GymTraceReplay.STATE_TOLERANCE);
            failed += ok ? 0 : 1;
            System.out.printf(Locale.ROOT, "%-26s %6d %6d %12.3g %12.3g %12.3g  %s%n", r.env(), r.seed(), r.steps(),
                    r.maxObservationDeviation(), r.maxStateDeviation(), r.maxRewardDeviation(), ok ? "ok" : "MISMATCH");
            if (!ok && r.firstMismatch() != null) {
                System.out.println("    first mismatch: " + r.firstMismatch());
            }
        }
        int steps = reports.stream().mapToInt(TraceEpisodeReport::steps).sum();
        System.out.printf(Locale.ROOT, "%d episodes, %d steps: %s (observations compared bit for bit as float32, states and "
                + "rewards within %.0e)%n", reports.size(), steps, failed == 0 ? "all match" : failed + " episode(s) deviate",
                GymTraceReplay.STATE_TOLERANCE);
        return failed == 0 ? 0 : 1;
    }

    private int checkContracts() {
        List<String> ids = envs == null || envs.isEmpty() ? Envs.ids() : envs;
        int failed = 0;
        for (String id : ids) {
            EnvCheckReport report = EnvChecker.check(Envs.make(id), 0, steps);
            failed += report.passed() ? 0 : 1;
            System.out.println(report);
        }
        return failed == 0 ? 0 : 1;
    }
}
