package dev.reins.cli;

import dev.reins.llm.generate.BeamSearch;
import dev.reins.llm.generate.Completion;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.generate.Generator;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardModel;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins llm generate}: completions of a prompt. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Complete a prompt with a model: greedy (default), sampling (temperature / top-k / top-p) or beam search.")
final class LlmGenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Option(names = "--prompt", required = true, description = "Prompt text.")
    String prompt;

    @Option(names = "--max-new-tokens", defaultValue = "16", description = "Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "0 = no limit (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", description = "Nucleus mass (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--samples", defaultValue = "1", description = "Completions to draw (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--beams", defaultValue = "0", description = "Beam search with this many beams (0 = off).")
    int beams;

    @picocli.CommandLine.Mixin
    StopOption stop = new StopOption();

    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--reward-model", paramLabel = "DIR", description = "Score the --samples completions with this reward model and "
            + "print them best first with their scores: best-of-N.")
    Path rewardModel;

    @Override
    public Integer call() {
        if (samples <= 0) {
            throw new IllegalArgumentException("--samples must be > 0, got " + samples);
        }
        if (maxNewTokens <= 0) {
            throw new IllegalArgumentException("--max-new-tokens must be > 0, got " + maxNewTokens);
        }
        LanguageModel lm = LanguageModel.load(model);
        int[] ids = lm.tokenizer().encode(prompt);
        int[] stops = stop.resolve(lm.tokenizer(), List.of());
        int context = lm.transformer().config().contextLength();
        if (ids.length >= context) {
            throw new IllegalArgumentException("--prompt is " + ids.length + " tokens; the model's context is " + context
                    + ", which leaves no room for new tokens");
        }
        if (maxNewTokens > context - ids.length) {
            // Generation stops at the context; say so rather than return a shorter text without a word.
            System.err.println("reins: note: the model's context is " + context + " tokens and the prompt takes " + ids.length
                    + ", so at most " + (context - ids.length) + " of --max-new-tokens " + maxNewTokens + " fit");
        }
        if (beams > 0) {
            Completion c = BeamSearch.search(lm.transformer(), ids, beams, maxNewTokens, 1.0, stops);
            System.out.println(prompt + lm.tokenizer().decode(c.contentTokens()));
            return 0;
        }
        DecodingConfig config = new DecodingConfig(maxNewTokens, temperature, topK, topP, stops);
        List<Completion> out = Generator.generate(lm.transformer(), Collections.nCopies(samples, ids), config, seed);
        List<String> texts = out.stream().map(c -> lm.tokenizer().decode(c.contentTokens())).toList();
        if (rewardModel == null) {
            texts.forEach(t -> System.out.println(prompt + t));
            return 0;
        }
        RewardModel rm = RewardModel.load(rewardModel);
        lm.tokenizer().requireSameAs(rm.tokenizer(), "--model " + model, "--reward-model " + rewardModel);
        double[] scores = rm.rewards(Collections.nCopies(texts.size(), new PromptExample(prompt, "")), texts);
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        for (int i : order) {
            System.out.printf(java.util.Locale.ROOT, "%.4f\t%s%n", scores[i], prompt + texts.get(i));
        }
        return 0;
    }
}
