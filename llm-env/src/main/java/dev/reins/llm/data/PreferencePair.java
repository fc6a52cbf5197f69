package dev.reins.llm.data;

/**
 * One preference: for {@code prompt}, the completion {@code chosen} is preferred to {@code rejected} — TRL's
 * standard preference format. {@code margin} (default 0) is how much better chosen is, for a margin in the
 * Bradley–Terry loss; {@code origin} names where the pair came from (e.g. {@code prefs.jsonl:12}) for error messages.
 *
 * <pre>{@code
 * PreferencePair p = new PreferencePair("Q: 2+2=", "4", "5", 0.0, "inline");
 * }</pre>
 */
public record PreferencePair(String prompt, String chosen, String rejected, double margin, String origin) {
    public PreferencePair {
        if (prompt == null || chosen == null || rejected == null) {
            throw new IllegalArgumentException(origin + ": a preference pair needs prompt, chosen and rejected");
        }
        if (chosen.equals(rejected)) {
            throw new IllegalArgumentException(origin + ": \"chosen\" equals \"rejected\" (" + quote(chosen)
                    + "); a preference needs two different completions");
        }
        if (!Double.isFinite(margin)) {
            throw new IllegalArgumentException(origin + ": \"margin\" must be a finite number, got " + margin);
        }
    }

    public PreferencePair(String prompt, String chosen, String rejected) {
        this(prompt, chosen, rejected, 0.0, "pair");
    }

    private static String quote(String s) {
        return s.length() > 40 ? "\"" + s.substring(0, 40) + "…\"" : "\"" + s + "\"";
    }
}
