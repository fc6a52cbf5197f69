package dev.reins.llm.search;

import dev.reins.llm.generate.Completion;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.generate.Generator;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.ExactAnswerVerifier;
import dev.reins.llm.reward.PromptExample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labels for a process reward model from the policy's own rollouts (as Math-Shepherd does): sample completions of each
 * prompt; every step of them — each prefix of a completion — is labelled with the share of {@code rolloutsPerStep}
 * completions sampled from that prefix that reach the right answer, and a finished completion with whether it is
 * right. Identical prefixes of one prompt are labelled once, pooling their rollouts.
 *
 * <pre>{@code
 * List<LabelledPrefix> data = ProcessRewardData.fromRollouts(lm, rlPrompts, verifier, 4, 4, 5, 0L);
 * }</pre>
 */
public final class ProcessRewardData {
    private static final int BATCH = 512;

    private ProcessRewardData() {}

    public static List<LabelledPrefix> fromRollouts(LanguageModel lm, List<PromptExample> prompts, ExactAnswerVerifier verifier,
            int samplesPerPrompt, int rolloutsPerStep, int maxNewTokens, long seed) {
        if (samplesPerPrompt <= 0 || rolloutsPerStep <= 0 || maxNewTokens <= 0) {
            throw new IllegalArgumentException("process-reward labels need samples > 0, rollouts > 0 and max_new_tokens > 0, got "
                    + samplesPerPrompt + ", " + rolloutsPerStep + ", " + maxNewTokens);
        }
        int stop = lm.tokenizer().endOfText();
        DecodingConfig sampling = DecodingConfig.sampling(maxNewTokens, stop);
        List<int[]> promptTokens = new ArrayList<>();
        List<int[]> sampleInputs = new ArrayList<>();
        for (PromptExample p : prompts) {
            int[] ids = p.encode(lm.tokenizer());
            promptTokens.add(ids);
            for (int s = 0; s < samplesPerPrompt; s++) {
                sampleInputs.add(ids);
            }
        }
        List<Completion> samples = generate(lm, sampleInputs, sampling, seed);

        // Every distinct step (prompt index, completion prefix): finished ones are labelled now, the others need rollouts.
        List<LabelledPrefix> out = new ArrayList<>();
        List<int[]> rolloutInputs = new ArrayList<>();
        List<Integer> rolloutPrompt = new ArrayList<>(); // the prompt index of each rollout input
        List<int[]> rolloutPrefixes = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            Map<String, int[]> distinct = new LinkedHashMap<>();
            for (int s = 0; s < samplesPerPrompt; s++) {
                int[] c = samples.get(i * samplesPerPrompt + s).tokens();
                for (int t = 1; t <= c.length; t++) {
                    int[] prefix = Arrays.copyOf(c, t);
                    distinct.putIfAbsent(Arrays.toString(prefix), prefix);
                }
            }
            for (int[] prefix : distinct.values()) {
                int[] seq = concat(promptTokens.get(i), prefix);
                boolean finished = prefix[prefix.length - 1] == stop || prefix.length >= maxNewTokens;
                if (finished) {
                    out.add(new LabelledPrefix(seq, verifier.reward(prompts.get(i), text(lm, prefix, stop))));
                } else {
                    for (int r = 0; r < rolloutsPerStep; r++) {
                        rolloutInputs.add(seq);
                        rolloutPrompt.add(i);
                        rolloutPrefixes.add(prefix);
                    }
                }
            }
        }
        List<Completion> rollouts = generate(lm, rolloutInputs, DecodingConfig.sampling(maxNewTokens, stop), seed + 1);
        for (int k = 0; k < rollouts.size(); k += rolloutsPerStep) {
            int i = rolloutPrompt.get(k);
            int[] prefix = rolloutPrefixes.get(k);
            double right = 0;
            for (int r = 0; r < rolloutsPerStep; r++) {
                int[] whole = concat(prefix, rollouts.get(k + r).tokens());
                int[] capped = Arrays.copyOf(whole, Math.min(whole.length, maxNewTokens));
                right += verifier.reward(prompts.get(i), text(lm, capped, stop));
            }
            out.add(new LabelledPrefix(rolloutInputs.get(k), right / rolloutsPerStep));
        }
        return out;
    }

    private static List<Completion> generate(LanguageModel lm, List<int[]> inputs, DecodingConfig config, long seed) {
        List<Completion> out = new ArrayList<>(inputs.size());
        int context = lm.transformer().config().contextLength();
        for (int from = 0; from < inputs.size(); from += BATCH) {
            List<int[]> batch = inputs.subList(from, Math.min(inputs.size(), from + BATCH));
            int longest = batch.stream().mapToInt(a -> a.length).max().orElse(1);
            DecodingConfig fitting = new DecodingConfig(Math.max(1, Math.min(config.maxNewTokens(), context - longest)),
                    config.temperature(), config.topK(), config.topP(), config.stopTokens());
            out.addAll(Generator.generate(lm.transformer(), batch, fitting, seed + from));
        }
        return out;
    }

    private static String text(LanguageModel lm, int[] completion, int stop) {
        int end = completion.length;
        for (int t = 0; t < completion.length; t++) {
            if (completion[t] == stop) {
                end = t;
                break;
            }
        }
        return lm.tokenizer().decode(Arrays.copyOf(completion, end));
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
