package dev.reins.llm.tokenizer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The special-token spellings Reins uses, and validation of a special-token list. */
public final class SpecialTokens {
    public static final String END_OF_TEXT = "<|endoftext|>";
    public static final String IM_START = "<|im_start|>";
    public static final String IM_END = "<|im_end|>";
    public static final String PAD = "<|pad|>";

    /** End of text, padding and the two ChatML markers. */
    public static final List<String> DEFAULT = List.of(END_OF_TEXT, PAD, IM_START, IM_END);

    private SpecialTokens() {}

    /**
     * The ids generation stops at: end-of-text, {@code <|im_end|>} when {@code chat} (a ChatML prompt's turn ends
     * there) and each of {@code extra} — a special token's spelling, or a string that is exactly one token.
     */
    public static int[] stopTokens(Tokenizer tokenizer, boolean chat, List<String> extra) {
        java.util.LinkedHashSet<Integer> ids = new java.util.LinkedHashSet<>();
        ids.add(tokenizer.endOfText());
        if (chat) {
            ids.add(tokenizer.specialId(IM_END).orElseThrow(() -> new IllegalArgumentException(
                    "conversational prompts stop at " + IM_END + ", which this tokenizer lacks (it has " + tokenizer.specialTokens() + ")")));
        }
        for (String s : extra) {
            java.util.OptionalInt special = tokenizer.specialId(s);
            if (special.isPresent()) {
                ids.add(special.getAsInt());
                continue;
            }
            int[] encoded = tokenizer.encode(s);
            if (encoded.length != 1) {
                throw new IllegalArgumentException("stop token '" + s + "' is " + encoded.length + " tokens; a stop must be one token: a "
                        + "special token (" + String.join(", ", tokenizer.specialTokens()) + ") or a string the tokenizer encodes as one");
            }
            ids.add(encoded[0]);
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    static List<String> check(List<String> specials) {
        Set<String> seen = new HashSet<>();
        for (String s : specials) {
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException("a special token must be a non-empty string, got " + (s == null ? "null" : "\"\""));
            }
            if (!seen.add(s)) {
                throw new IllegalArgumentException("special token " + s + " is listed twice");
            }
        }
        return List.copyOf(new ArrayList<>(specials));
    }
}
