package dev.reins.core.env;

import java.util.List;

/**
 * What {@link EnvChecker} found.
 *
 * @param env the env's name
 * @param stepsChecked how many steps were exercised
 * @param problems one line per contract violation; empty when the env passed
 */
public record EnvCheckReport(String env, int stepsChecked, List<String> problems) {
    public EnvCheckReport {
        problems = List.copyOf(problems);
    }

    /** Whether no violation was found. */
    public boolean passed() {
        return problems.isEmpty();
    }

    /** Throws an {@link AssertionError} listing the problems if there are any. */
    public void assertPassed() {
        if (!passed()) {
            throw new AssertionError(this);
        }
    }

    @Override
    public String toString() {
        return passed() ? env + ": OK (" + stepsChecked + " steps)"
                : env + ": " + problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems);
    }
}
