package dev.reins.llm.search;

import java.util.Arrays;
import java.util.Locale;

/**
 * The searches {@link TokenSearch} runs, and what their budget means: greedy decoding (no budget), best-of-N (N
 * samples), value-guided beam search (N beams) and MCTS (N simulations).
 *
 * <pre>{@code
 * SearchMethod m = SearchMethod.parse("best-of-n");
 * }</pre>
 */
public enum SearchMethod {
    GREEDY("greedy"),
    BEST_OF_N("best-of-n"),
    BEAM("beam"),
    MCTS("mcts");

    private final String cliName;

    SearchMethod(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** The method called {@code name}; one line naming the choices otherwise. */
    public static SearchMethod parse(String name) {
        for (SearchMethod m : values()) {
            if (m.cliName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("--method '" + name + "' is not one of "
                + String.join(", ", Arrays.stream(values()).map(SearchMethod::cliName).toList()));
    }
}
