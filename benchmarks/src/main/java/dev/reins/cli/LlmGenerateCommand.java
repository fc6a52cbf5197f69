package dev.reins.cli;

import dev.reins.llm.generate.BeamSearch;
import dev.reins.llm.generate.Completion;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.generate.Generator;
import dev.reins.llm.model.LanguageModel;
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

    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (samples <= 0) {
            throw new IllegalArgumentException("--samples must be > 0, got " + samples);
        }
        LanguageModel lm = LanguageModel.load(model);
        int[] ids = lm.tokenizer().encode(prompt);
        int eos = lm.tokenizer().endOfText();
        if (beams > 0) {
            Completion c = BeamSearch.search(lm.transformer(), ids, beams, maxNewTokens, 1.0, eos);
            System.out.println(prompt + lm.tokenizer().decode(c.contentTokens()));
            return 0;
        }
        DecodingConfig config = new DecodingConfig(maxNewTokens, temperature, topK, topP, new int[] {eos});
        List<Completion> out = Generator.generate(lm.transformer(), Collections.nCopies(samples, ids), config, seed);
        for (Completion c : out) {
            System.out.println(prompt + lm.tokenizer().decode(c.contentTokens()));
        }
        return 0;
    }
}
