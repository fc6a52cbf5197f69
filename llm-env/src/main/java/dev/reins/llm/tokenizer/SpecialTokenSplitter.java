package dev.reins.llm.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** Splits text into plain pieces and special tokens (longest spelling first where two start at one place). */
final class SpecialTokenSplitter {
    /** A piece of text: either a special token (index into the specials list) or plain text. */
    record Piece(String text, int special) {
        boolean isSpecial() {
            return special >= 0;
        }
    }

    private SpecialTokenSplitter() {}

    static List<Piece> split(String text, List<String> specials) {
        List<Piece> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            int match = -1;
            for (int s = 0; s < specials.size(); s++) {
                String sp = specials.get(s);
                if (text.startsWith(sp, i) && (match < 0 || sp.length() > specials.get(match).length())) {
                    match = s;
                }
            }
            if (match < 0) {
                i++;
                continue;
            }
            if (i > start) {
                out.add(new Piece(text.substring(start, i), -1));
            }
            out.add(new Piece(specials.get(match), match));
            i += specials.get(match).length();
            start = i;
        }
        if (start < text.length()) {
            out.add(new Piece(text.substring(start), -1));
        }
        return out;
    }
}
