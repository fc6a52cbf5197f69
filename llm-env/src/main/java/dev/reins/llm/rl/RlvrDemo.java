package dev.reins.llm.rl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reins.algorithms.grpo.Grpo;
import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.llm.data.ArithmeticTask;
import dev.reins.llm.data.Jsonl;
import dev.reins.llm.env.TokenEnv;
import dev.reins.llm.env.TokenizedPrompts;
import dev.reins.llm.eval.ExactMatchEvaluator;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.reward.AnswerExtractor;
import dev.reins.llm.reward.ExactAnswerVerifier;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.sft.SftTrainer;
import dev.reins.llm.train.StepTrainingLoop;
import dev.reins.llm.tokenizer.ByteTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * RLVR end to end on addition ({@code "37+48="} → {@code "85"}): SFT a tiny transformer on a small set of worked
 * sums, measure held-out greedy accuracy and pass@k, then run GRPO on other prompts with only the exact-answer
 * verifier as reward, and measure again.
 *
 * <p>Writes into the output directory: {@code data/} (test, SFT and RL JSONL), {@code sft/} and {@code grpo/}
 * (model directories for {@code reins llm eval}), {@code sft_metrics.csv|jsonl}, {@code grpo_metrics.csv|jsonl}
 * (every GRPO iteration; {@code accuracy} on evaluation iterations), {@code config.json} and
 * {@code summary.json} (with held-out accuracy per operand form, {@code accuracy_by_operand_digits}: {@code "2+1"} is a
 * two-digit plus a one-digit operand, the sums a small model learns last).
 *
 * <pre>{@code
 * RlvrDemo.Result r = new RlvrDemo(RlvrDemoConfig.standard()).run(Path.of("runs/rlvr"), 0L, System.out::println);
 * }</pre>
 */
public final class RlvrDemo {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final RlvrDemoConfig config;

    public RlvrDemo(RlvrDemoConfig config) {
        this.config = config;
    }

    /**
     * Measured outcome (also written as summary.json); {@code finalKl} is NaN (null in the file) when β = 0; the
     * by-form maps hold held-out greedy accuracy per {@link ArithmeticTask#form} ("2+2", "2+1", ...).
     */
    public record Result(double sftAccuracy, double grpoAccuracy, double sftPassAtK, double grpoPassAtK, double finalKl,
            double sftEvalLoss, double wallSeconds, double sftSeconds, double grpoSeconds, double sftTrainTokensPerSecond,
            double grpoSampleTokensPerSecond, double grpoTrainTokensPerSecond, double generationTokensPerSecond,
            List<double[]> accuracyCurve, Map<String, Double> sftAccuracyByForm, Map<String, Double> grpoAccuracyByForm) {
        /** "final KL 0.1234", or "no KL term" when β = 0: how the demo's last lines report it. */
        public String klText() {
            return Double.isNaN(finalKl) ? "no KL term" : String.format("final KL %.4f", finalKl);
        }
    }

    public Result run(Path out, long seed, Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve("config.json"), dev.reins.core.config.Configs.toJson(config));
        ArithmeticTask task = new ArithmeticTask(config.digits());
        ArithmeticTask.Split split = task.split(config.testSize(), config.sftSize(), seed);
        writeData(out.resolve("data"), split);

        ByteTokenizer tokenizer = ByteTokenizer.withDefaultSpecials();
        Transformer model = Transformer.create(config.model(), seed);
        LanguageModel lm = new LanguageModel(tokenizer, model);
        ExactAnswerVerifier verifier = new ExactAnswerVerifier(AnswerExtractor.whole(), 0);
        int maxNew = task.longestAnswerChars() + 1;
        ExactMatchEvaluator evaluator = new ExactMatchEvaluator(verifier, maxNew, 500);

        // 1. SFT
        progress.accept(String.format("SFT: %d examples, %d steps of %d, model %s (%d parameters)", split.sft().size(),
                config.sft().steps(), config.sft().batchSize(), config.model(), model.parameters().count()));
        SftTrainer sft = new SftTrainer(lm, split.sft(), asCompletions(split.test()), config.sft(), seed);
        StepTrainingLoop.Outcome sftRun = StepTrainingLoop.run(sft, out.resolve("sft_log"), false, 0, 0, null, progress);
        double sftSeconds = sftRun.seconds();
        double sftEvalLoss = sftRun.eval("eval_loss");
        lm.save(out.resolve("sft"));
        ExactMatchEvaluator.Result sftEval = evaluator.greedy(lm, split.test());
        double sftPassK = evaluator.passAtK(lm, split.test(), config.passK(), seed + 1);
        progress.accept(String.format("SFT model: held-out accuracy %.3f (greedy), pass@%d %.3f, %.0f s", sftEval.accuracy(),
                config.passK(), sftPassK, sftSeconds));

        // 2. GRPO with the verifier as the only reward
        int eos = tokenizer.endOfText();
        TokenEnv.Limits limits = new TokenEnv.Limits(maxNew, config.model().contextLength(), 0.0, eos);
        TransformerSequencePolicy policy = new TransformerSequencePolicy(model,
                new DecodingConfig(maxNew, config.temperature(), 0, 1, new int[] {eos}));
        TokenizedPrompts rlPrompts = TokenizedPrompts.encode(tokenizer, split.rl());
        Grpo<int[]> grpo = new Grpo<>(policy, () -> new TokenEnv(rlPrompts, verifier, limits),
                config.grpo().withMaxEpisodeSteps(maxNew), seed);
        GrpoTrainingLoop.Outcome grpoRun = GrpoTrainingLoop.run(grpo, config.grpoIterations(), config.evalEvery(),
                out.resolve("grpo_log"), () -> evaluator.greedy(lm, split.test()).accuracy(), progress);
        List<double[]> curve = grpoRun.accuracyCurve();
        double finalKl = grpoRun.last().referenceKl();
        double grpoSeconds = grpoRun.seconds();
        lm.save(out.resolve("grpo"));
        ExactMatchEvaluator.Result grpoEval = evaluator.greedy(lm, split.test());
        double grpoPassK = evaluator.passAtK(lm, split.test(), config.passK(), seed + 1);
        double wall = (System.nanoTime() - start) / 1e9;
        Result result = new Result(sftEval.accuracy(), grpoEval.accuracy(), sftPassK, grpoPassK, finalKl, sftEvalLoss, wall, sftSeconds,
                grpoSeconds, sft.completionTokensTrained() / sftSeconds,
                grpoRun.meanSampleTokensPerSecond(), grpoRun.meanTrainTokensPerSecond(), grpoEval.tokensPerSecond(), curve,
                accuracyByForm(split.test(), sftEval, verifier), accuracyByForm(split.test(), grpoEval, verifier));
        writeSummary(out.resolve("summary.json"), result, seed);
        progress.accept(String.format("GRPO model: held-out accuracy %.3f (was %.3f), pass@%d %.3f (SFT %.3f), %s; %.0f s in all",
                grpoEval.accuracy(), sftEval.accuracy(), config.passK(), grpoPassK, sftPassK, result.klText(), wall));
        progress.accept("held-out accuracy by operand digits, SFT -> GRPO: " + formText(result));
        return result;
    }

    /** Greedy accuracy per {@link ArithmeticTask#form} of the prompts, forms in descending order ("2+2" first). */
    static Map<String, Double> accuracyByForm(List<PromptExample> examples, ExactMatchEvaluator.Result eval, ExactAnswerVerifier verifier) {
        Map<String, int[]> counts = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (int i = 0; i < examples.size(); i++) {
            int[] c = counts.computeIfAbsent(ArithmeticTask.form(examples.get(i).prompt()), k -> new int[2]);
            c[0] += verifier.reward(examples.get(i), eval.completions().get(i)) > 0 ? 1 : 0;
            c[1]++;
        }
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        counts.forEach((form, c) -> out.put(form, c[0] / (double) c[1]));
        return out;
    }

    private static String formText(Result r) {
        StringBuilder b = new StringBuilder();
        r.sftAccuracyByForm().forEach((form, acc) -> b.append(b.length() == 0 ? "" : ", ")
                .append(String.format("%s %.1f -> %.1f %%", form, 100 * acc, 100 * r.grpoAccuracyByForm().get(form))));
        return b.toString();
    }

    private void writeSummary(Path file, Result r, long seed) throws IOException {
        ObjectNode s = JSON.createObjectNode();
        s.put("task", config.digits() + "-digit addition");
        s.put("seed", seed);
        s.put("sft_accuracy", r.sftAccuracy());
        s.put("grpo_accuracy", r.grpoAccuracy());
        s.put("accuracy_gain_points", 100 * (r.grpoAccuracy() - r.sftAccuracy()));
        s.put("sft_pass_at_" + config.passK(), r.sftPassAtK());
        s.put("grpo_pass_at_" + config.passK(), r.grpoPassAtK());
        if (Double.isNaN(r.finalKl())) {
            s.putNull("final_kl"); // β = 0: no reference model, no KL
        } else {
            s.put("final_kl", r.finalKl());
        }
        s.put("sft_eval_loss", r.sftEvalLoss());
        s.put("sft_eval_perplexity", Math.exp(r.sftEvalLoss()));
        s.put("wall_seconds", r.wallSeconds());
        s.put("sft_seconds", r.sftSeconds());
        s.put("grpo_seconds", r.grpoSeconds());
        s.put("sft_train_tokens_per_second", r.sftTrainTokensPerSecond());
        s.put("grpo_sample_tokens_per_second", r.grpoSampleTokensPerSecond());
        s.put("grpo_train_tokens_per_second", r.grpoTrainTokensPerSecond());
        s.put("eval_generation_tokens_per_second", r.generationTokensPerSecond());
        s.put("test_size", config.testSize());
        s.put("sft_size", config.sftSize());
        s.put("grpo_iterations", config.grpoIterations());
        ObjectNode byForm = s.putObject("accuracy_by_operand_digits");
        r.sftAccuracyByForm().forEach((form, acc) -> byForm.putObject(form).put("sft", acc).put("grpo", r.grpoAccuracyByForm().get(form)));
        var curve = s.putArray("accuracy_curve");
        for (double[] p : r.accuracyCurve()) {
            curve.addObject().put("iteration", (int) p[0]).put("accuracy", p[1]);
        }
        AtomicFiles.writeString(file, JSON.writeValueAsString(s) + "\n");
    }

    private static void writeData(Path dir, ArithmeticTask.Split split) throws IOException {
        Files.createDirectories(dir);
        List<Map<String, String>> test = new ArrayList<>();
        split.test().forEach(e -> test.add(Map.of("prompt", e.prompt(), "answer", e.answer())));
        Jsonl.write(dir.resolve("test.jsonl"), test);
        List<Map<String, String>> sft = new ArrayList<>();
        split.sft().forEach(e -> sft.add(Map.of("prompt", e.prompt(), "completion", e.completion())));
        Jsonl.write(dir.resolve("sft.jsonl"), sft);
        List<Map<String, String>> rl = new ArrayList<>();
        split.rl().forEach(e -> rl.add(Map.of("prompt", e.prompt(), "answer", e.answer())));
        Jsonl.write(dir.resolve("rl.jsonl"), rl);
    }

    private static List<dev.reins.llm.data.PromptCompletion> asCompletions(List<PromptExample> examples) {
        List<dev.reins.llm.data.PromptCompletion> out = new ArrayList<>();
        for (PromptExample e : examples) {
            out.add(new dev.reins.llm.data.PromptCompletion(e.prompt(), e.answer()));
        }
        return out;
    }
}
