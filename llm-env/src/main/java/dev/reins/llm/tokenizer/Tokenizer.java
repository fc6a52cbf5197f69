package dev.reins.llm.tokenizer;

import java.util.List;
import java.util.OptionalInt;

/**
 * Text ↔ token ids. Special tokens (end of text, chat markers) have ids of their own and are only produced from
 * text by {@link #encodeWithSpecials}; {@link #encode} treats their spelling as ordinary text, so user input can
 * never forge a control token.
 *
 * <pre>{@code
 * Tokenizer t = ByteTokenizer.withDefaultSpecials();
 * int[] ids = t.encode("37+48=");
 * String back = t.decode(ids);           // "37+48="
 * int eos = t.specialId("<|endoftext|>").orElseThrow();
 * }</pre>
 */
public interface Tokenizer extends java.io.Serializable {
    /** Number of ids, specials included: every id is in [0, vocabSize). */
    int vocabSize();

    /** Ids of {@code text}, special-token spellings encoded as plain text. */
    int[] encode(String text);

    /** Ids of {@code text} where the spellings of this tokenizer's special tokens become their ids. */
    int[] encodeWithSpecials(String text);

    /**
     * Text of {@code ids}; special tokens are written as their spelling. Byte sequences that are not valid UTF-8
     * (a completion cut in the middle of a character) decode to U+FFFD.
     *
     * @throws IllegalArgumentException for an id outside [0, vocabSize)
     */
    String decode(int[] ids);

    /** Special tokens in id order. */
    List<String> specialTokens();

    /** The id of a special token, if this tokenizer has it. */
    OptionalInt specialId(String token);

    /** The id of the end-of-text token, which ends generation. */
    default int endOfText() {
        return specialId(SpecialTokens.END_OF_TEXT).orElseThrow(
                () -> new IllegalStateException("tokenizer has no " + SpecialTokens.END_OF_TEXT + " token"));
    }

    /**
     * Fails, naming both, unless {@code other} tokenizes like this one: the same ids, special tokens, and encoding of
     * a probe text covering letters, digits, punctuation, spaces and non-ASCII. Models that exchange token ids (a
     * policy and its reward model or reference) must agree on them.
     */
    default void requireSameAs(Tokenizer other, String thisName, String otherName) {
        String probe = " The quick brown fox, 1234 + 56 = 1290!\n\tÉté naïve — 東京 🙂 <|endoftext|>";
        if (vocabSize() != other.vocabSize() || !specialTokens().equals(other.specialTokens())
                || !java.util.Arrays.equals(encode(probe), other.encode(probe))) {
            throw new IllegalArgumentException("the tokenizer of " + otherName + " differs from that of " + thisName + " (" + vocabSize()
                    + " vs " + other.vocabSize() + " ids, specials " + specialTokens() + " vs " + other.specialTokens()
                    + "); both must tokenize alike");
        }
    }
}
