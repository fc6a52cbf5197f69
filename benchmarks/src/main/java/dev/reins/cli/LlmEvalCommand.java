package dev.reins.cli;

import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.core.config.Configs;
import dev.reins.llm.data.Jsonl;
import dev.reins.llm.eval.ExactMatchEvaluator;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.AnswerExtractor;
import dev.reins.llm.reward.ExactAnswerVerifier;
import dev.reins.llm.reward.PromptExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins llm eval}: exact-match accuracy of a model on prompts with answers. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Exact-match accuracy (greedy) of a model on JSONL lines {\"prompt\": ..., \"answer\": ...}; writes JSON.")
final class LlmEvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "Prompts with reference answers.")
    Path data;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Result file (default: DIR/eval.json).")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing --out file (the model's own eval.json is always replaced).")
    boolean overwrite;

    @Option(names = "--extract", defaultValue = "whole",
            description = "Answer extraction: whole, last_number, hash_marker, boxed (default: ${DEFAULT-VALUE}).")
    String extract;

    @Option(names = "--tolerance", defaultValue = "0", description = "Numeric tolerance (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--max-new-tokens", defaultValue = "8", description = "Completion length limit (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @picocli.CommandLine.Mixin
    StopOption stop = new StopOption();

    @Option(names = "--pass-k", defaultValue = "0", description = "Also report pass@k with k samples at temperature 1 (0 = no).")
    int passK;

    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed for pass@k (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (out != null) {
            OutputFile.claim(out, overwrite, "--out");
        }
        LanguageModel lm = LanguageModel.load(model);
        List<PromptExample> examples = Jsonl.readExamples(data);
        ExactAnswerVerifier verifier = new ExactAnswerVerifier(AnswerExtractor.named(extract), tolerance);
        ExactMatchEvaluator evaluator = new ExactMatchEvaluator(verifier, maxNewTokens, 256, stop.resolve(lm.tokenizer(), examples));
        ExactMatchEvaluator.Result r = evaluator.greedy(lm, examples);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.toString());
        json.put("data", data.toString());
        json.put("examples", r.total());
        json.put("correct", r.correct());
        json.put("accuracy", r.accuracy());
        json.put("extract", extract);
        json.put("generation_tokens_per_second", r.tokensPerSecond());
        if (passK > 0) {
            json.put("pass_at_" + passK, evaluator.passAtK(lm, examples, passK, seed));
        }
        List<Map<String, String>> samples = new ArrayList<>();
        for (int i = 0; i < Math.min(20, examples.size()); i++) {
            samples.add(Map.of("prompt", examples.get(i).prompt(), "answer", examples.get(i).answer(), "completion",
                    r.completions().get(i)));
        }
        json.put("samples", samples);
        Path file = out != null ? out : model.resolve("eval.json");
        AtomicFiles.writeString(file, Configs.toJson(json));
        System.out.printf("accuracy %.4f (%d / %d)%s; wrote %s%n", r.accuracy(), r.correct(), r.total(),
                passK > 0 ? String.format(", pass@%d %.4f", passK, (Double) json.get("pass_at_" + passK)) : "", file);
        return 0;
    }
}
