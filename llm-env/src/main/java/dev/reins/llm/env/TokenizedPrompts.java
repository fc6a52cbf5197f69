package dev.reins.llm.env;

import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.tokenizer.Tokenizer;
import java.io.Serializable;
import java.util.List;

/**
 * A prompt dataset with every prompt encoded once, shared by all the token envs of a run: GRPO keeps one env per
 * episode of an iteration (1,024 for 64 prompts × 16 samples), and each encoding the whole dataset again cost
 * that many copies of it (~350 MB for the RLVR demo's 7,500 sums) and their encoding time. Immutable.
 *
 * <pre>{@code
 * TokenizedPrompts prompts = TokenizedPrompts.encode(tokenizer, examples);
 * Supplier<TokenEnv> envs = () -> new TokenEnv(prompts, verifier, limits);
 * }</pre>
 */
public final class TokenizedPrompts implements Serializable {
    private final Tokenizer tokenizer;
    private final List<PromptExample> examples;
    private final int[][] ids;

    private TokenizedPrompts(Tokenizer tokenizer, List<PromptExample> examples, int[][] ids) {
        this.tokenizer = tokenizer;
        this.examples = examples;
        this.ids = ids;
    }

    /** Encodes every prompt (a conversational one through its chat template) with {@code tokenizer}. */
    public static TokenizedPrompts encode(Tokenizer tokenizer, List<PromptExample> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("TokenEnv needs at least one prompt");
        }
        int[][] ids = new int[examples.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = examples.get(i).encode(tokenizer);
        }
        return new TokenizedPrompts(tokenizer, List.copyOf(examples), ids);
    }

    /** The tokenizer that encoded the prompts (and decodes the completions). */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public int size() {
        return ids.length;
    }

    public PromptExample example(int i) {
        return examples.get(i);
    }

    public List<PromptExample> examples() {
        return examples;
    }

    /** Prompt {@code i}'s token ids (shared: do not modify). */
    int[] ids(int i) {
        return ids[i];
    }
}
