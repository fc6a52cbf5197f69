package dev.reins.llm.preference;

import dev.reins.llm.data.PreferencePair;
import dev.reins.llm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A preference pair as token sequences: {@code chosen} and {@code rejected} each hold the prompt's tokens, the
 * completion's and — for a policy, which must learn to stop — end-of-text; the first {@code promptLength} tokens
 * are the prompt's.
 *
 * <pre>{@code
 * List<TokenizedPair> pairs = TokenizedPair.tokenize(lm.tokenizer(), Jsonl.readPreferences(file), 256, true);
 * }</pre>
 */
public record TokenizedPair(int[] chosen, int[] rejected, int promptLength, double margin, String origin) {
    /** Tokens of the chosen completion, end-of-text included if appended (what a policy's log-prob sums over). */
    public int chosenCompletionLength() {
        return chosen.length - promptLength;
    }

    public int rejectedCompletionLength() {
        return rejected.length - promptLength;
    }

    /** The chosen sequences of {@code pairs}, then the rejected ones: how a batch of pairs is scored in one pass. */
    public static List<int[]> chosenThenRejected(List<TokenizedPair> pairs) {
        List<int[]> out = new ArrayList<>(2 * pairs.size());
        pairs.forEach(p -> out.add(p.chosen()));
        pairs.forEach(p -> out.add(p.rejected()));
        return out;
    }

    /**
     * Tokenizes each pair as prompt + completion (+ end-of-text when {@code endOfText}: for DPO, not for a reward
     * model). A pair that does not fit in {@code contextLength} tokens, or has an empty prompt, fails naming its
     * origin (file:line) and the counts.
     */
    public static List<TokenizedPair> tokenize(Tokenizer tokenizer, List<PreferencePair> pairs, int contextLength, boolean endOfText) {
        List<TokenizedPair> out = new ArrayList<>(pairs.size());
        for (PreferencePair p : pairs) {
            int[] prompt = tokenizer.encode(p.prompt());
            if (prompt.length == 0) {
                throw new IllegalArgumentException(p.origin() + ": the prompt is empty; a completion is scored after at least one token");
            }
            int[] chosen = sequence(prompt, tokenizer.encode(p.chosen()), endOfText ? tokenizer.endOfText() : -1);
            int[] rejected = sequence(prompt, tokenizer.encode(p.rejected()), endOfText ? tokenizer.endOfText() : -1);
            int longest = Math.max(chosen.length, rejected.length);
            if (longest > contextLength) {
                throw new IllegalArgumentException(p.origin() + ": " + prompt.length + " prompt + " + (longest - prompt.length - (endOfText ? 1 : 0))
                        + " completion tokens" + (endOfText ? " + end-of-text" : "") + " = " + longest + " tokens; the model's context_length is "
                        + contextLength);
            }
            out.add(new TokenizedPair(chosen, rejected, prompt.length, p.margin(), p.origin()));
        }
        return out;
    }

    /** prompt + completion, then {@code endOfText} unless it is negative. */
    private static int[] sequence(int[] prompt, int[] completion, int endOfText) {
        int[] seq = Arrays.copyOf(prompt, prompt.length + completion.length + (endOfText >= 0 ? 1 : 0));
        System.arraycopy(completion, 0, seq, prompt.length, completion.length);
        if (endOfText >= 0) {
            seq[seq.length - 1] = endOfText;
        }
        return seq;
    }
}
