package dev.reins.llm.env;

import dev.reins.core.env.Env;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.Space;
import dev.reins.core.space.TokenSequenceSpace;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardFunction;
import dev.reins.llm.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token generation as an MDP. The observation is the token ids so far (prompt, then the completion), the action is
 * the next token, and the episode terminates at a stop token or is truncated at {@code maxNewTokens} or a full
 * context. The reward function scores the decoded completion (stop token excluded) on the final step; an optional
 * per-token reward shapes every step.
 *
 * <p>Prompts come from a dataset: {@code reset(seed)} starts prompt {@code floorMod(seed, size)} (so equal seeds
 * give equal starts, which GRPO's groups rely on), {@code reset()} takes the next prompt in order. The final step's
 * info holds {@code completion} (text) and {@code prompt_index}.
 *
 * <pre>{@code
 * TokenEnv env = new TokenEnv(tokenizer, List.of(new PromptExample("37+48=", "85")), verifier,
 *         new TokenEnv.Limits(4, 16, 0.0, tokenizer.endOfText()));
 * int[] obs = env.reset(0).observation();
 * StepResult<int[]> r = env.step((int) '8');
 * }</pre>
 */
public final class TokenEnv implements Env<int[], Integer> {
    /**
     * Episode limits and shaping.
     *
     * @param maxNewTokens completion tokens before truncation
     * @param contextLength the policy's context: prompt + completion never exceed it
     * @param perTokenReward reward added on every step (e.g. −0.01 to favour short answers)
     * @param stopTokens tokens that end the completion
     */
    public record Limits(int maxNewTokens, int contextLength, double perTokenReward, int... stopTokens) implements java.io.Serializable {
        public Limits {
            if (maxNewTokens <= 0 || contextLength <= 1) {
                throw new IllegalArgumentException("TokenEnv needs max_new_tokens > 0 and context_length > 1, got " + maxNewTokens
                        + ", " + contextLength);
            }
            if (!Double.isFinite(perTokenReward)) {
                throw new IllegalArgumentException("per_token_reward must be finite, got " + perTokenReward);
            }
            stopTokens = stopTokens.clone();
        }
    }

    private final Tokenizer tokenizer;
    private final TokenizedPrompts prompts;
    private final RewardFunction reward;
    private final Limits limits;
    private int cursor;
    private int index = -1;
    private int[] tokens;
    private int generated;
    private boolean done = true;

    public TokenEnv(Tokenizer tokenizer, List<PromptExample> prompts, RewardFunction reward, Limits limits) {
        this(TokenizedPrompts.encode(tokenizer, prompts), reward, limits);
    }

    /** An env over prompts encoded once for all the envs of a run (their tokenizer decodes the completions). */
    public TokenEnv(TokenizedPrompts prompts, RewardFunction reward, Limits limits) {
        this.tokenizer = prompts.tokenizer();
        this.prompts = prompts;
        this.reward = reward;
        this.limits = limits;
        for (int i = 0; i < prompts.size(); i++) {
            int length = prompts.ids(i).length;
            if (length == 0 || length >= limits.contextLength()) {
                throw new IllegalArgumentException("prompt " + i + " (\"" + abbreviate(prompts.example(i).prompt()) + "\") has " + length
                        + " tokens; it needs 1.." + (limits.contextLength() - 1) + " to leave room in the context of "
                        + limits.contextLength());
            }
        }
    }

    @Override
    public Space<int[]> observationSpace() {
        return new TokenSequenceSpace(tokenizer.vocabSize(), limits.contextLength());
    }

    @Override
    public Space<Integer> actionSpace() {
        return new Discrete(tokenizer.vocabSize());
    }

    @Override
    public ResetResult<int[]> reset(long seed) {
        return start((int) Math.floorMod(seed, (long) prompts.size()));
    }

    @Override
    public ResetResult<int[]> reset() {
        int i = cursor;
        cursor = (cursor + 1) % prompts.size();
        return start(i);
    }

    /** The example of the current episode. */
    public PromptExample example() {
        if (index < 0) {
            throw new IllegalStateException("TokenEnv has not been reset");
        }
        return prompts.example(index);
    }

    public Limits limits() {
        return limits;
    }

    @Override
    public StepResult<int[]> step(Integer action) {
        if (done) {
            throw new IllegalStateException("TokenEnv.step after the episode ended; call reset first");
        }
        if (action == null || action < 0 || action >= tokenizer.vocabSize()) {
            throw new IllegalArgumentException("action (token id) " + action + " is outside the vocabulary [0, "
                    + tokenizer.vocabSize() + ")");
        }
        tokens = Arrays.copyOf(tokens, tokens.length + 1);
        tokens[tokens.length - 1] = action;
        generated++;
        boolean stop = false;
        for (int s : limits.stopTokens()) {
            stop |= s == action;
        }
        boolean truncated = !stop && (generated >= limits.maxNewTokens() || tokens.length >= limits.contextLength());
        double r = limits.perTokenReward();
        Map<String, Object> info = Map.of();
        if (stop || truncated) {
            done = true;
            int[] content = Arrays.copyOfRange(tokens, prompts.ids(index).length, tokens.length - (stop ? 1 : 0));
            String completion = tokenizer.decode(content);
            r += reward.reward(prompts.example(index), completion);
            Map<String, Object> end = new HashMap<>();
            end.put("completion", completion);
            end.put("prompt_index", index);
            info = end;
        }
        return new StepResult<>(tokens.clone(), r, stop, truncated, info);
    }

    @Override
    public String name() {
        return "TokenEnv";
    }

    private ResetResult<int[]> start(int i) {
        index = i;
        tokens = prompts.ids(i).clone();
        generated = 0;
        done = false;
        return new ResetResult<>(tokens.clone(), Map.of("prompt_index", i));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
