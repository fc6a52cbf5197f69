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
