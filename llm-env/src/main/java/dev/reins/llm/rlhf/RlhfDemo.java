package dev.reins.llm.rlhf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reins.algorithms.grpo.Grpo;
import dev.reins.algorithms.rlhf.PpoRlhf;
import dev.reins.core.checkpoint.AtomicFiles;
import dev.reins.core.config.Configs;
import dev.reins.llm.data.Jsonl;
import dev.reins.llm.data.PreferencePair;
import dev.reins.llm.data.PromptCompletion;
import dev.reins.llm.data.SentimentTask;
import dev.reins.llm.env.TokenEnv;
import dev.reins.llm.env.TokenizedPrompts;
import dev.reins.llm.eval.SampledCompletions;
import dev.reins.llm.generate.BestOfN;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.optim.AdamW;
import dev.reins.llm.preference.DpoTrainer;
import dev.reins.llm.preference.RewardModelTrainer;
import dev.reins.llm.preference.TokenizedPair;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardFunction;
import dev.reins.llm.reward.RewardModel;
import dev.reins.llm.rl.GrpoTrainingLoop;
import dev.reins.llm.rl.PpoRlhfRun;
import dev.reins.llm.rl.RejectionSampling;
import dev.reins.llm.rl.RewardFunctionScorer;
import dev.reins.llm.rl.RewardModelScorer;
import dev.reins.llm.rl.TransformerCritic;
import dev.reins.llm.rl.TransformerSequencePolicy;
import dev.reins.llm.sft.SftTrainer;
import dev.reins.llm.tokenizer.ByteTokenizer;
import dev.reins.llm.train.StepTrainingLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * RLHF end to end against a hidden gold reward ({@link SentimentTask}, after the DPO paper's IMDb experiment): SFT a
 * small transformer on reviews; sample pairs of completions from it and label them by a Bradley–Terry draw on the gold
 * reward; train a reward model on the labels (its held-out accuracy is compared with the gold reward's own accuracy on
 * the same labels, the ceiling); then improve the SFT model with PPO-RLHF, DPO, IPO and GRPO (each at several β),
 * best-of-N (several N) and rejection-sampling fine-tuning — all seeing only the pairs or the reward model — and
 * measure each on held-out prompts by the gold reward, its win rate against the SFT model's samples and its KL to the
 * SFT model.
 *
 * <p>Writes into the output directory: {@code data/} (the JSONL files, for the individual commands), {@code sft/},
 * {@code rm/} and one model directory per method's main setting, per-run logs ({@code *_log/}), {@code config.json}
 * and {@code summary.json} ({@code rm_accuracy}, {@code rm_accuracy_ceiling}, {@code methods}, {@code frontier}).
 *
 * <pre>{@code
 * RlhfDemo.Result r = new RlhfDemo(RlhfDemoConfig.standard()).run(Path.of("runs/rlhf"), 0L, System.out::println);
 * }</pre>
 */
public final class RlhfDemo {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Sequences per batched generation or scoring call. */
    private static final int BATCH = 128;

    /**
     * One measured policy: a method at one setting.
     *
     * @param goldReward mean gold reward of one sampled completion per held-out prompt
     * @param winRate share of held-out prompts where its completion beats the SFT model's by gold reward (ties ½)
     * @param klToSft mean sequence KL to the SFT model (for best-of-N the analytic bound log N − (N−1)/N)
     * @param rmScore mean reward-model score of the same completions
     */
    public record Point(String method, String setting, double goldReward, double winRate, double klToSft, double rmScore,
            double wallSeconds) {}

    /** The measured outcome (also summary.json). */
    public record Result(double rmAccuracy, double rmAccuracyCeiling, double rmAccuracyCeilingExpected, Point sft, Map<String, Point> methods,
            List<Point> frontier, double wallSeconds) {}

    private final RlhfDemoConfig config;
    private final SentimentTask task = new SentimentTask();
    private final ByteTokenizer tokenizer = ByteTokenizer.withDefaultSpecials();

    public RlhfDemo(RlhfDemoConfig config) {
        this.config = config;
    }

    /** Data of one run. */
    private record Data(List<PromptCompletion> sft, List<PreferencePair> train, List<PreferencePair> heldOut, double[] heldOutGold,
            List<PromptExample> rlPrompts, List<PromptExample> evalPrompts) {}

    public Result run(Path out, long seed, Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve("config.json"), Configs.toJson(config));
        SplittableRandom rng = new SplittableRandom(seed);
        RewardFunction gold = task.gold();
        int eos = tokenizer.endOfText();
        DecodingConfig sampling = DecodingConfig.sampling(config.maxNewTokens(), eos);

        // 1. SFT on reviews of the base chain.
        List<PromptCompletion> sftData = task.sftExamples(config.sftExamples(), rng);
        LanguageModel sft = new LanguageModel(tokenizer, Transformer.create(config.model(), seed));
        progress.accept(String.format("SFT: %d reviews, %d steps, model %s (%d parameters)", sftData.size(), config.sft().steps(),
                config.model(), sft.transformer().parameters().count()));
        StepTrainingLoop.run(new SftTrainer(sft, sftData, List.of(), config.sft(), seed), out.resolve("sft_log"), false, 0, 0, null, progress);
        sft.save(out.resolve("sft"));
        sft.transformer().parameters().freeze(name -> true); // the reference every method is measured against

        // 2. Preference pairs sampled from the SFT model, labelled by a Bradley–Terry draw on the gold reward.
        List<PromptExample> rlPrompts = task.prompts(config.rlPrompts(), rng);
        List<PromptExample> evalPrompts = task.prompts(config.evalPrompts(), rng);
        Data data = preferences(sft, sftData, rlPrompts, evalPrompts, rng, sampling);
        writeData(out.resolve("data"), data);

        // 3. Reward model on the SFT backbone (a copy: the SFT model stays the reference).
        RewardModel rm = RewardModel.fromLanguageModel(copy(sft), seed);
        int ctx = config.model().contextLength();
        RewardModelTrainer rmTrainer = new RewardModelTrainer(rm, TokenizedPair.tokenize(tokenizer, data.train(), ctx, false),
                TokenizedPair.tokenize(tokenizer, data.heldOut(), ctx, false), config.rewardModel(), seed);
        progress.accept(String.format("reward model: %d pairs, %d steps", data.train().size(), config.rewardModel().steps()));
        double rmAccuracy = StepTrainingLoop.run(rmTrainer, out.resolve("rm_log"), false, 0, 0, null, progress).eval("eval_accuracy");
        rm.save(out.resolve("rm"));
        rm.freeze();
        double ceiling = 0;
        double expected = 0;
        for (int i = 0; i < data.heldOut().size(); i++) {
            double gc = data.heldOutGold()[2 * i];
            double gr = data.heldOutGold()[2 * i + 1];
            ceiling += gc > gr ? 1 : gc == gr ? 0.5 : 0;
            expected += SentimentTask.bestAccuracy(gc, gr, config.labelTemperature());
        }
        ceiling /= data.heldOut().size();
        expected /= data.heldOut().size();
        progress.accept(String.format("reward model: held-out accuracy %.3f; the gold reward's own accuracy on these labels (the ceiling) "
                + "%.3f (expected %.3f)", rmAccuracy, ceiling, expected));

        // 4. Every method, measured on the held-out prompts.
        Evaluation eval = new Evaluation(sft, rm, gold, evalPrompts, sampling, seed + 1_000);
        Point sftPoint = eval.measure("sft", "-", sft.transformer(), 0);
        progress.accept(String.format(Locale.ROOT, "SFT model: gold reward %.3f, reward-model score %.3f (a second sample wins %.3f "
                + "against the first: ≈ 0.5)", sftPoint.goldReward(), sftPoint.rmScore(), sftPoint.winRate()));
        List<Point> frontier = new ArrayList<>();
        Map<String, Point> main = new LinkedHashMap<>();
        for (double beta : config.ppoKlCoefficients()) {
            add(frontier, main, "ppo", ppo(out, sft, rm, data, beta, seed, sampling, eval, progress), progress);
        }
        for (double beta : config.dpoBetas()) {
            add(frontier, main, "dpo", dpo(out, sft, data, "sigmoid", beta, seed, eval, progress), progress);
        }
        for (double beta : config.ipoBetas()) {
            add(frontier, main, "ipo", dpo(out, sft, data, "ipo", beta, seed, eval, progress), progress);
        }
        for (double beta : config.grpoKlCoefficients()) {
            add(frontier, main, "grpo", grpo(out, sft, rm, data, beta, seed, sampling, eval, progress), progress);
        }
        for (int n : config.bestOfN()) {
            add(frontier, main, "best_of_n", bestOfN(sft, rm, n, seed, sampling, eval), progress);
        }
        add(frontier, main, "rejection_sampling", rejectionSampling(out, sft, rm, data, seed, sampling, eval, progress), progress);

        Result result = new Result(rmAccuracy, ceiling, expected, sftPoint, main, frontier, (System.nanoTime() - start) / 1e9);
        writeSummary(out.resolve("summary.json"), result, seed);
        progress.accept(String.format("done in %.0f s", result.wallSeconds()));
        return result;
    }

    private static void add(List<Point> frontier, Map<String, Point> main, String method, Point p, Consumer<String> progress) {
        frontier.add(p);
        main.putIfAbsent(method, p);
        progress.accept(describe(p));
    }

    private static String describe(Point p) {
        return String.format(Locale.ROOT, "%s %s: gold reward %.3f, win rate vs SFT %.3f, KL to SFT %.2f, reward-model score %.3f, %.0f s",
                p.method(), p.setting(), p.goldReward(), p.winRate(), p.klToSft(), p.rmScore(), p.wallSeconds());
    }

    private Data preferences(LanguageModel sft, List<PromptCompletion> sftData, List<PromptExample> rlPrompts,
            List<PromptExample> evalPrompts, SplittableRandom rng, DecodingConfig sampling) {
        int needed = config.preferencePairs() + config.heldOutPairs();
        List<PreferencePair> pairs = new ArrayList<>(needed);
        List<Double> golds = new ArrayList<>();
        RewardFunction gold = task.gold();
        while (pairs.size() < needed) {
            List<PromptExample> prompts = task.prompts(BATCH / 2, rng);
            List<PromptExample> doubled = new ArrayList<>();
            prompts.forEach(p -> {
                doubled.add(p);
                doubled.add(p);
            });
            SampledCompletions s = SampledCompletions.sample(sft.transformer(), null, tokenizer, doubled, sampling, rng.nextLong(), BATCH);
            double[] g = s.scores(gold);
            for (int i = 0; i < prompts.size() && pairs.size() < needed; i++) {
                String a = s.completions().get(2 * i);
                String b = s.completions().get(2 * i + 1);
                if (a.equals(b)) {
                    continue;
                }
                boolean aWins = SentimentTask.label(g[2 * i], g[2 * i + 1], config.labelTemperature(), rng.nextDouble());
                String origin = "pair " + (pairs.size() + 1);
                pairs.add(aWins ? new PreferencePair(prompts.get(i).prompt(), a, b, 0, origin)
                        : new PreferencePair(prompts.get(i).prompt(), b, a, 0, origin));
                golds.add(aWins ? g[2 * i] : g[2 * i + 1]);
                golds.add(aWins ? g[2 * i + 1] : g[2 * i]);
            }
        }
        double[] heldOutGold = new double[2 * config.heldOutPairs()];
        for (int i = 0; i < heldOutGold.length; i++) {
            heldOutGold[i] = golds.get(2 * config.preferencePairs() + i);
        }
        return new Data(sftData, pairs.subList(0, config.preferencePairs()), pairs.subList(config.preferencePairs(), needed), heldOutGold,
                rlPrompts, evalPrompts);
    }

    /** Samples one completion per held-out prompt from a policy and measures it against the SFT model's samples. */
    private final class Evaluation {
        private final LanguageModel sft;
        private final RewardModel rm;
        private final RewardFunction gold;
        private final List<PromptExample> prompts;
        private final DecodingConfig sampling;
        private final long seed;
        private final double[] sftGold;

        Evaluation(LanguageModel sft, RewardModel rm, RewardFunction gold, List<PromptExample> prompts, DecodingConfig sampling, long seed) {
            this.sft = sft;
            this.rm = rm;
            this.gold = gold;
            this.prompts = prompts;
            this.sampling = sampling;
            this.seed = seed;
            this.sftGold = SampledCompletions.sample(sft.transformer(), null, tokenizer, prompts, sampling, seed + 1, BATCH).scores(gold);
        }

        Point measure(String method, String setting, Transformer policy, double seconds) {
            SampledCompletions s = SampledCompletions.sample(policy, sft.transformer(), tokenizer, prompts, sampling, seed, BATCH);
            return point(method, setting, s.completions(), s.meanKl(), seconds);
        }

        Point point(String method, String setting, List<String> completions, double kl, double seconds) {
            double[] g = gold.rewards(prompts, completions);
            double[] r = rm.rewards(prompts, completions);
            double wins = 0;
            for (int i = 0; i < g.length; i++) {
                wins += g[i] > sftGold[i] ? 1 : g[i] == sftGold[i] ? 0.5 : 0;
            }
            return new Point(method, setting, mean(g), wins / g.length, kl, mean(r), seconds);
        }
    }

    private Point ppo(Path out, LanguageModel sft, RewardModel rm, Data data, double beta, long seed, DecodingConfig sampling, Evaluation eval,
            Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        LanguageModel policy = copy(sft);
        TransformerCritic critic = TransformerCritic.fromRewardModel(rm, AdamW.Settings.defaults(), null, seed);
        TokenEnv.Limits limits = new TokenEnv.Limits(config.maxNewTokens(), config.model().contextLength(), 0, tokenizer.endOfText());
        TokenizedPrompts rlPrompts = TokenizedPrompts.encode(tokenizer, data.rlPrompts());
        PpoRlhf<int[]> ppo = new PpoRlhf<>(new TransformerSequencePolicy(policy.transformer(), sampling), critic,
                () -> new TokenEnv(rlPrompts, RewardFunction.NONE, limits), new RewardModelScorer(rm),
                new RewardFunctionScorer(task.gold(), data.rlPrompts()),
                config.ppo().withKlCoefficient(beta).withMaxEpisodeSteps(config.maxNewTokens()), seed);
        progress.accept(String.format("PPO β=%s: %d iterations of %d prompts", beta, config.ppoIterations(), config.ppo().promptsPerIteration()));
        StepTrainingLoop.run(new PpoRlhfRun(ppo, config.ppoIterations(), 0, null, rm, null), out.resolve("ppo_beta" + beta + "_log"), false,
                0, 0, null, progress);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (beta == config.ppoKlCoefficients().get(0)) {
            policy.save(out.resolve("ppo"));
        }
        return eval.measure("ppo", "β=" + beta, policy.transformer(), seconds);
    }

    private Point dpo(Path out, LanguageModel sft, Data data, String lossType, double beta, long seed, Evaluation eval,
            Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        LanguageModel policy = copy(sft);
        int ctx = config.model().contextLength();
        DpoTrainer dpo = new DpoTrainer(policy.transformer(), null, TokenizedPair.tokenize(tokenizer, data.train(), ctx, true), List.of(),
                config.dpo().withLossType(lossType).withBeta(beta), seed);
        String name = lossType.equals("sigmoid") ? "dpo" : lossType;
        progress.accept(String.format("%s β=%s: %d steps of %d pairs", name.toUpperCase(Locale.ROOT), beta, config.dpo().steps(),
                config.dpo().batchSize()));
        StepTrainingLoop.run(dpo, out.resolve(name + "_beta" + beta + "_log"), false, 0, 0, null, s -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Double> betas = lossType.equals("sigmoid") ? config.dpoBetas() : config.ipoBetas();
        if (beta == betas.get(0)) {
            policy.save(out.resolve(name));
        }
        return eval.measure(name, "β=" + beta, policy.transformer(), seconds);
    }

    private Point grpo(Path out, LanguageModel sft, RewardModel rm, Data data, double beta, long seed, DecodingConfig sampling,
            Evaluation eval, Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        LanguageModel policy = copy(sft);
        TokenEnv.Limits limits = new TokenEnv.Limits(config.maxNewTokens(), config.model().contextLength(), 0, tokenizer.endOfText());
        TokenizedPrompts rlPrompts = TokenizedPrompts.encode(tokenizer, data.rlPrompts());
        Grpo<int[]> grpo = new Grpo<>(new TransformerSequencePolicy(policy.transformer(), sampling),
                () -> new TokenEnv(rlPrompts, RewardFunction.NONE, limits), new RewardModelScorer(rm),
                config.grpo().withKlCoefficient(beta).withMaxEpisodeSteps(config.maxNewTokens()), seed);
        progress.accept(String.format("GRPO β=%s with the reward model: %d iterations", beta, config.grpoIterations()));
        GrpoTrainingLoop.run(grpo, config.grpoIterations(), config.grpoIterations(), out.resolve("grpo_beta" + beta + "_log"), null, s -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        if (beta == config.grpoKlCoefficients().get(0)) {
            policy.save(out.resolve("grpo"));
        }
        return eval.measure("grpo", "β=" + beta, policy.transformer(), seconds);
    }

    private Point bestOfN(LanguageModel sft, RewardModel rm, int n, long seed, DecodingConfig sampling, Evaluation eval) {
        long start = System.nanoTime();
        List<BestOfN.Choice> choices = BestOfN.selectAll(sft, eval.prompts, n, rm, sampling, seed + 2_000, 4 * BATCH);
        List<String> best = choices.stream().map(BestOfN.Choice::best).toList();
        return eval.point("best_of_n", "N=" + n, best, BestOfN.klBound(n), (System.nanoTime() - start) / 1e9);
    }

    private Point rejectionSampling(Path out, LanguageModel sft, RewardModel rm, Data data, long seed, DecodingConfig sampling,
            Evaluation eval, Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        LanguageModel policy = copy(sft);
        progress.accept(String.format("rejection sampling: %d rounds, best of %d on %d prompts each", config.rejectionRounds(),
                config.rejectionSamples(), config.rejectionPrompts()));
        new RejectionSampling(rm, new RejectionSampling.Config(config.rejectionRounds(), config.rejectionPrompts(), config.rejectionSamples(),
                config.rejectionSft())).run(policy, data.rlPrompts(), sampling, seed, progress);
        double seconds = (System.nanoTime() - start) / 1e9;
        policy.save(out.resolve("rejection_sampling"));
        return eval.measure("rejection_sampling", "rounds=" + config.rejectionRounds(), policy.transformer(), seconds);
    }

    /** A trainable copy of a model (its own arrays). */
    private LanguageModel copy(LanguageModel lm) {
        Transformer t = lm.transformer().copy();
        t.parameters().all().forEach(p -> p.setTrainable(true));
        return new LanguageModel(tokenizer, t);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private void writeSummary(Path file, Result r, long seed) throws IOException {
        ObjectNode s = JSON.createObjectNode();
        s.put("task", "sentiment of letter reviews (gold = mean letter sentiment; Bradley–Terry labels, τ = " + config.labelTemperature() + ")");
        s.put("seed", seed);
        s.put("rm_accuracy", r.rmAccuracy());
        s.put("rm_accuracy_ceiling", r.rmAccuracyCeiling());
        s.put("rm_accuracy_ceiling_expected", r.rmAccuracyCeilingExpected());
        ObjectNode sftNode = s.putObject("sft");
        sftNode.put("gold_reward", r.sft().goldReward());
        sftNode.put("rm_score", r.sft().rmScore());
        ObjectNode methods = s.putObject("methods");
        r.methods().forEach((name, p) -> point(methods.putObject(name), p));
        ArrayNode frontier = s.putArray("frontier");
        r.frontier().forEach(p -> point(frontier.addObject().put("method", p.method()), p));
        s.put("wall_seconds", r.wallSeconds());
        AtomicFiles.writeString(file, JSON.writeValueAsString(s) + "\n");
    }

    private static void point(ObjectNode node, Point p) {
        node.put("setting", p.setting());
        node.put("gold_reward", p.goldReward());
        node.put("win_rate_vs_sft", p.winRate());
        node.put("kl_to_sft", p.klToSft());
        node.put("rm_score", p.rmScore());
        node.put("wall_seconds", p.wallSeconds());
    }

    private static void writeData(Path dir, Data data) throws IOException {
        Files.createDirectories(dir);
        List<Map<String, String>> sft = new ArrayList<>();
        data.sft().forEach(e -> sft.add(Map.of("prompt", e.prompt(), "completion", e.completion())));
        Jsonl.write(dir.resolve("sft.jsonl"), sft);
        Jsonl.write(dir.resolve("prefs.jsonl"), pairs(data.train()));
        Jsonl.write(dir.resolve("prefs-heldout.jsonl"), pairs(data.heldOut()));
        List<Map<String, String>> prompts = new ArrayList<>();
        data.rlPrompts().forEach(p -> prompts.add(Map.of("prompt", p.prompt())));
        Jsonl.write(dir.resolve("prompts.jsonl"), prompts);
        List<Map<String, String>> evalPrompts = new ArrayList<>();
        data.evalPrompts().forEach(p -> evalPrompts.add(Map.of("prompt", p.prompt())));
        Jsonl.write(dir.resolve("eval-prompts.jsonl"), evalPrompts);
    }

    private static List<Map<String, String>> pairs(List<PreferencePair> pairs) {
        List<Map<String, String>> out = new ArrayList<>();
        pairs.forEach(p -> out.add(Map.of("prompt", p.prompt(), "chosen", p.chosen(), "rejected", p.rejected())));
        return out;
    }
}
