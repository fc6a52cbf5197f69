package dev.reins.cli;

import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.core.config.Configs;
import dev.reins.llm.data.Jsonl;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.AnswerExtractor;
import dev.reins.llm.reward.ExactAnswerVerifier;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardModel;
import dev.reins.llm.search.LeafValue;
import dev.reins.llm.search.SearchEvaluation;
import dev.reins.llm.search.SearchMethod;
import dev.reins.llm.search.TokenSearch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins llm search}: held-out accuracy of searches over the model's tokens, with the forward passes they spend. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search each prompt's completion with greedy decoding, best-of-N, value-guided beam search or MCTS, scored by a "
                + "process reward model (--prm) or the verifier (--value verifier, an oracle that knows the answer); reports held-out "
                + "accuracy and the model and value forward passes per prompt.",
            "Several methods and budgets (comma-separated) are all run; the results go to --out (JSON) and, with more than one "
                + "budget, a plot of accuracy against forward passes beside it."})
final class LlmSearchCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The policy.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "Prompts with reference answers.")
    Path data;

    @Option(names = "--method", defaultValue = "mcts", paramLabel = "M[,M...]",
            description = "greedy, best-of-n, beam, mcts (default: ${DEFAULT-VALUE}).")
    String methods;

    @Option(names = "--budget", defaultValue = "32", paramLabel = "N[,N...]",
            description = "Samples (best-of-n), beams (beam) or simulations (mcts) per prompt (default: ${DEFAULT-VALUE}).")
    String budgets;

    @Option(names = "--prm", paramLabel = "DIR", description = "Process reward model (reins llm prm) that scores steps and answers.")
    Path prm;

    @Option(names = "--value", paramLabel = "verifier", description = "Score with the verifier instead of a --prm (an oracle: it "
            + "reads the reference answer).")
    String value;

    @Option(names = "--top-k", defaultValue = "4", description = "Tokens beam search and MCTS consider at each position "
            + "(default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--min-probability", defaultValue = "0.05", description = "... and only those with at least this probability "
            + "(the most probable always; default: ${DEFAULT-VALUE}).")
    double minProbability;

    @Option(names = "--exploration", defaultValue = "1.0", description = "MCTS's PUCT constant (default: ${DEFAULT-VALUE}).")
    double exploration;

    @Option(names = "--prior-temperature", defaultValue = "1.0", description = "MCTS's priors are the policy's probabilities "
            + "to the power 1/T, renormalized; T > 1 flattens a peaked policy (default: ${DEFAULT-VALUE}).")
    double priorTemperature;

    @Option(names = "--max-new-tokens", defaultValue = "8", description = "Completion length limit (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--limit", paramLabel = "N", description = "Search only the first N prompts.")
    Integer limit;

    @Option(names = "--extract", defaultValue = "whole",
            description = "How the verifier reads the answer: whole, last_number, hash_marker or boxed (default: ${DEFAULT-VALUE}).")
    String extract;

    @Option(names = "--tolerance", defaultValue = "0", description = "Numeric tolerance of the verifier (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of sampling and search (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Result file (default: search.json in the current directory).")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing result file (and its plot).")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        Path file = OutputFile.claim(out != null ? out : Path.of("search.json"), overwrite,
                out != null ? "--out" : "search.json (the default --out)");
        List<SearchMethod> methodList = new ArrayList<>();
        for (String m : methods.split(",")) {
            methodList.add(SearchMethod.parse(m));
        }
        List<Integer> budgetList = new ArrayList<>();
        for (String b : budgets.split(",")) {
            int n;
            try {
                n = Integer.parseInt(b.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--budget '" + b.trim() + "' is not a whole number");
            }
            if (n <= 0) {
                throw new IllegalArgumentException("--budget must be > 0, got " + n);
            }
            budgetList.add(n);
        }
        if (prm != null && value != null) {
            throw new IllegalArgumentException("give one value: --prm DIR or --value verifier, not both");
        }
        if (value != null && !value.equals("verifier")) {
            throw new IllegalArgumentException("--value '" + value + "' is not 'verifier' (for a learned value use --prm DIR)");
        }
        boolean needsValue = methodList.stream().anyMatch(m -> m != SearchMethod.GREEDY);
        if (needsValue && prm == null && value == null) {
            throw new IllegalArgumentException("best-of-n, beam and mcts need a value: --prm DIR (reins llm prm) or --value verifier");
        }
        if (limit != null && limit <= 0) {
            throw new IllegalArgumentException("--limit must be > 0, got " + limit);
        }
        new TokenSearch.Settings(maxNewTokens, topK, minProbability, exploration, priorTemperature); // checks them before anything is loaded
        ExactAnswerVerifier verifier = new ExactAnswerVerifier(AnswerExtractor.named(extract), tolerance);
        List<PromptExample> examples = Jsonl.readExamples(data);
        if (limit != null) {
            examples = examples.subList(0, Math.min(limit, examples.size()));
        }
        LanguageModel lm = LanguageModel.load(model);
        LeafValue leaf = prm != null ? new LeafValue.ProcessReward(loadPrm(lm)) : new LeafValue.Verifier(verifier);
        TokenSearch search = new TokenSearch(lm, leaf, new TokenSearch.Settings(maxNewTokens, topK, minProbability, exploration,
                priorTemperature));
        List<SearchEvaluation.Result> results = new ArrayList<>();
        System.out.printf("%-10s %6s %9s %14s %14s %8s%n", "method", "budget", "accuracy", "policy fwd/p", "value fwd/p", "seconds");
        for (SearchMethod m : methodList) {
            for (int budget : m == SearchMethod.GREEDY ? List.of(1) : budgetList) {
                SearchEvaluation.Result r = SearchEvaluation.run(search, m, budget, examples, verifier, seed);
                results.add(r);
                System.out.printf(Locale.ROOT, "%-10s %6d %9.4f %14.1f %14.1f %8.1f%n", r.method(), r.budget(), r.accuracy(),
                        r.policyForwards(), r.valueForwards(), r.seconds());
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.toString());
        json.put("data", data.toString());
        json.put("value", leaf.name() + (prm != null ? " " + prm : ""));
        json.put("prompts", examples.size());
        json.put("top_k", topK);
        json.put("min_probability", minProbability);
        json.put("exploration", exploration);
        json.put("prior_temperature", priorTemperature);
        json.put("seed", seed);
        json.put("results", results);
        AtomicFiles.writeString(file, Configs.toJson(json));
        if (budgetList.size() > 1) {
            Path png = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.json$", "") + ".png");
            dev.reins.bench.llm.SearchCurvePlot.write(results, png, "search on " + examples.size() + " prompts, value: " + leaf.name());
            System.out.println("wrote " + file + " and " + png);
        } else {
            System.out.println("wrote " + file);
        }
        return 0;
    }

    /** The process reward model, frozen; it must tokenize as the policy does. */
    private RewardModel loadPrm(LanguageModel lm) {
        RewardModel rm = RewardModel.load(prm);
        lm.tokenizer().requireSameAs(rm.tokenizer(), "the model " + model, "the process reward model " + prm);
        rm.freeze();
        return rm;
    }
}
