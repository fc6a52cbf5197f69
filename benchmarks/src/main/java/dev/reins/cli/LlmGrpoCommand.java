package dev.reins.cli;

import dev.reins.algorithms.grpo.Grpo;
import dev.reins.algorithms.grpo.GrpoConfig;
import dev.reins.algorithms.grpo.GrpoMetrics;
import dev.reins.bench.llm.RlvrCurvesPlot;
import dev.reins.core.config.Configs;
import dev.reins.core.metrics.MetricsLogger;
import dev.reins.llm.data.Jsonl;
import dev.reins.llm.env.TokenEnv;
import dev.reins.llm.eval.ExactMatchEvaluator;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.AnswerExtractor;
import dev.reins.llm.reward.ExactAnswerVerifier;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.rl.TransformerSequencePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins llm grpo}: GRPO on a model directory with the exact-answer verifier as reward. */
@Command(name = "grpo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "GRPO from a model directory on prompts with answers (JSONL: {\"prompt\": ..., \"answer\": ...}), rewarded by "
                + "the exact-answer verifier; writes the trained model, metrics and a curve plot into --out.")
final class LlmGrpoCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Starting model (also the KL reference).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "Training prompts with answers.")
    Path data;

    @Option(names = "--eval-data", paramLabel = "FILE.jsonl", description = "Held-out prompts for accuracy during training.")
    Path evalData;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--iterations", defaultValue = "100", description = "GRPO iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--eval-every", defaultValue = "20", description = "Iterations between evaluations (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--extract", defaultValue = "whole",
            description = "Answer extraction: whole, last_number, hash_marker, boxed (default: ${DEFAULT-VALUE}).")
    String extract;

    @Option(names = "--tolerance", defaultValue = "0", description = "Numeric tolerance of the verifier (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--max-new-tokens", defaultValue = "8", description = "Completion length limit (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hp", paramLabel = "KEY=VALUE", description = "GRPO setting, e.g. --hp group_size=16 --hp kl_coefficient=0.02 "
            + "--hp learning_rate=3e-4 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (iterations <= 0 || evalEvery <= 0) {
            throw new IllegalArgumentException("--iterations and --eval-every must be > 0, got " + iterations + ", " + evalEvery);
        }
        LanguageModel lm = LanguageModel.load(model);
        List<PromptExample> prompts = Jsonl.readExamples(data);
        List<PromptExample> heldOut = evalData == null ? List.of() : Jsonl.readExamples(evalData);
        GrpoConfig config = Configs.overlay(GrpoConfig.defaults().withMaxEpisodeSteps(maxNewTokens), DottedOverrides.tree(overrides),
                GrpoConfig.class, "--hp");
        ExactAnswerVerifier verifier = new ExactAnswerVerifier(AnswerExtractor.named(extract), tolerance);
        int eos = lm.tokenizer().endOfText();
        TokenEnv.Limits limits = new TokenEnv.Limits(maxNewTokens, lm.transformer().config().contextLength(), 0, eos);
        Grpo<int[]> grpo = new Grpo<>(new TransformerSequencePolicy(lm.transformer(), DecodingConfig.sampling(maxNewTokens, eos)),
                () -> new TokenEnv(lm.tokenizer(), prompts, verifier, limits), config, seed);
        ExactMatchEvaluator evaluator = new ExactMatchEvaluator(verifier, maxNewTokens, 500);
        Files.createDirectories(out);
        List<String> columns = new ArrayList<>(List.of("step", "accuracy"));
        GrpoMetrics probe = new GrpoMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        probe.asMap().keySet().stream().filter(k -> !k.equals("iteration")).forEach(columns::add);
        columns.add("wall_seconds");
        long start = System.nanoTime();
        try (MetricsLogger log = MetricsLogger.create(out.resolve("grpo_log"), columns)) {
            if (!heldOut.isEmpty()) {
                double acc = evaluator.greedy(lm, heldOut).accuracy();
                log.log(Map.of("step", 0L, "accuracy", acc));
                System.out.printf("iteration 0: held-out accuracy %.3f%n", acc);
            }
            for (int i = 1; i <= iterations; i++) {
                GrpoMetrics m = grpo.iterate();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("step", (long) i);
                m.asMap().forEach((k, v) -> {
                    if (!k.equals("iteration")) {
                        row.put(k, v);
                    }
                });
                row.put("wall_seconds", (System.nanoTime() - start) / 1e9);
                String acc = "";
                if (!heldOut.isEmpty() && (i % evalEvery == 0 || i == iterations)) {
                    double a = evaluator.greedy(lm, heldOut).accuracy();
                    row.put("accuracy", a);
                    acc = String.format(", held-out accuracy %.3f", a);
                }
                if (i % evalEvery == 0 || i == iterations) {
                    System.out.printf("iteration %d: reward %.3f%s, KL %.4f, entropy %.3f, clip %.3f, length %.2f, %.0f s%n", i,
                            m.rewardMean(), acc, m.referenceKl(), m.entropy(), m.clipFraction(), m.lengthMean(),
                            (System.nanoTime() - start) / 1e9);
                }
                log.log(row);
            }
        }
        lm.save(out.resolve("model"));
        RlvrCurvesPlot.write(out.resolve("grpo_log").resolve("metrics.jsonl"), out.resolve("grpo_curves.png"), "GRPO");
        System.out.println("wrote " + out.resolve("model") + ", " + out.resolve("grpo_log") + ", " + out.resolve("grpo_curves.png"));
        return 0;
    }
}
