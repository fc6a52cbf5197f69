package dev.reins.llm.eval;

import dev.reins.llm.generate.Completion;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.generate.Generator;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.ExactAnswerVerifier;
import dev.reins.llm.reward.PromptExample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Held-out accuracy of a model on prompts with reference answers: pass@1 with greedy decoding, and pass@k — the
 * fraction of prompts where at least one of k samples (temperature 1) is correct.
 *
 * <pre>{@code
 * var eval = new ExactMatchEvaluator(verifier, 6, 256);
 * ExactMatchEvaluator.Result r = eval.greedy(lm, testSet);
 * double passAt8 = eval.passAtK(lm, testSet, 8, 0L);
 * }</pre>
 */
public final class ExactMatchEvaluator {
    private final ExactAnswerVerifier verifier;
    private final int maxNewTokens;
    private final int batchSize;
    private final int[] stopTokens;
    private double lastTokensPerSecond;

    public ExactMatchEvaluator(ExactAnswerVerifier verifier, int maxNewTokens, int batchSize) {
        this(verifier, maxNewTokens, batchSize, null);
    }

    /** An evaluator whose completions end at {@code stopTokens} (null: the tokenizer's end-of-text). */
    public ExactMatchEvaluator(ExactAnswerVerifier verifier, int maxNewTokens, int batchSize, int[] stopTokens) {
        if (maxNewTokens <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("evaluation needs max_new_tokens > 0 and batch_size > 0, got " + maxNewTokens + ", "
                    + batchSize);
        }
        this.verifier = verifier;
        this.maxNewTokens = maxNewTokens;
        this.batchSize = batchSize;
        this.stopTokens = stopTokens == null ? null : stopTokens.clone();
    }

    private int[] stops(LanguageModel lm) {
        return stopTokens != null ? stopTokens : new int[] {lm.tokenizer().endOfText()};
    }

    /** Accuracy and every completion (in input order). */
    public record Result(double accuracy, int correct, int total, List<String> completions, double tokensPerSecond) {}

    /** Greedy pass@1. */
    public Result greedy(LanguageModel lm, List<PromptExample> examples) {
        DecodingConfig greedy = DecodingConfig.greedy(maxNewTokens, stops(lm));
        List<String> completions = generate(lm, examples, greedy, 0L);
        int correct = 0;
        for (int i = 0; i < examples.size(); i++) {
            correct += verifier.reward(examples.get(i), completions.get(i)) > 0 ? 1 : 0;
        }
        return new Result(correct / (double) examples.size(), correct, examples.size(), completions, lastTokensPerSecond);
    }

    /** Fraction of prompts with at least one correct answer among {@code k} samples at temperature 1. */
    public double passAtK(LanguageModel lm, List<PromptExample> examples, int k, long seed) {
        if (k <= 0) {
            throw new IllegalArgumentException("pass@k needs k > 0, got " + k);
        }
        List<PromptExample> repeated = new ArrayList<>(examples.size() * k);
        for (PromptExample e : examples) {
            repeated.addAll(Collections.nCopies(k, e));
        }
        List<String> completions = generate(lm, repeated, DecodingConfig.sampling(maxNewTokens, stops(lm)), seed);
        int solved = 0;
        for (int i = 0; i < examples.size(); i++) {
            boolean any = false;
            for (int j = 0; j < k && !any; j++) {
                any = verifier.reward(examples.get(i), completions.get(i * k + j)) > 0;
            }
            solved += any ? 1 : 0;
        }
        return solved / (double) examples.size();
    }

    private List<String> generate(LanguageModel lm, List<PromptExample> examples, DecodingConfig config, long seed) {
        List<String> out = new ArrayList<>(examples.size());
        long tokens = 0;
        long start = System.nanoTime();
        for (int from = 0; from < examples.size(); from += batchSize) {
            List<int[]> prompts = new ArrayList<>();
            for (PromptExample e : examples.subList(from, Math.min(examples.size(), from + batchSize))) {
                prompts.add(e.encode(lm.tokenizer()));
            }
            for (Completion c : Generator.generate(lm.transformer(), prompts, config, seed + from)) {
                out.add(lm.tokenizer().decode(c.contentTokens()));
                tokens += c.tokens().length;
            }
        }
        lastTokensPerSecond = tokens / ((System.nanoTime() - start) / 1e9);
        return out;
    }
}
