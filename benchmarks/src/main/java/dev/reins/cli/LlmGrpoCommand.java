package dev.reins.cli;

import dev.reins.algorithms.grpo.EpisodeScorer;
import dev.reins.algorithms.grpo.Grpo;
import dev.reins.algorithms.grpo.GrpoConfig;
import dev.reins.algorithms.rollout.RolloutWorkers;
import dev.reins.algorithms.rollout.ThreadRolloutWorkers;
import dev.reins.bench.llm.RlvrCurvesPlot;
import dev.reins.core.config.Configs;
import dev.reins.llm.data.Jsonl;
import dev.reins.llm.env.TokenEnv;
import dev.reins.llm.env.TokenizedPrompts;
import dev.reins.llm.eval.ExactMatchEvaluator;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.AnswerExtractor;
import dev.reins.llm.reward.ExactAnswerVerifier;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardFunction;
import dev.reins.llm.reward.RewardModel;
import dev.reins.llm.rl.GrpoTrainingLoop;
import dev.reins.llm.rl.RewardFunctionScorer;
import dev.reins.llm.rl.RewardModelScorer;
import dev.reins.llm.rl.TokenGroupWorkerSetup;
import dev.reins.llm.rl.TransformerSequencePolicy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins llm grpo}: GRPO on a model directory, rewarded by the exact-answer verifier or a reward model. */
@Command(name = "grpo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "GRPO from a model directory on prompts with answers (JSONL: {\"prompt\": ..., \"answer\": ...}; a prompt may be a "
                + "list of chat messages, rendered in ChatML), rewarded by "
                + "the exact-answer verifier or, with --reward-model, by a reward model; writes the trained model, metrics and a curve "
                + "plot into --out.")
final class LlmGrpoCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Starting model (also the KL reference).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "Training prompts with answers (only prompts "
            + "with --reward-model).")
    Path data;

    @Option(names = "--reward-model", paramLabel = "DIR", description = "Score completions with this reward model (reins llm rm) "
            + "instead of the verifier; --eval-data, if given, is still checked by the verifier beside it. --hp leave_one_out=true "
            + "makes it RLOO.")
    Path rewardModel;

    @Option(names = "--eval-data", paramLabel = "FILE.jsonl", description = "Held-out prompts for accuracy during training.")
    Path evalData;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--overwrite", description = "Replace a non-empty --out once this run finishes.")
    boolean overwrite;

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

    @Option(names = "--temperature", defaultValue = "1", description = "Sampling temperature of the rollouts; log-probs, KL and "
            + "entropy are taken under the same distribution (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "Sample from the k most likely tokens (0 = all; default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", description = "Nucleus mass of the sampler (default: ${DEFAULT-VALUE}).")
    double topP;

    @picocli.CommandLine.Mixin
    StopOption stop = new StopOption();

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Mixin
    GradientCheckpointingOption gradientCheckpointing = new GradientCheckpointingOption();

    @Option(names = "--lora", paramLabel = "SPEC", description = "Train LoRA adapters on the frozen model instead of every weight, "
            + "e.g. r=8,alpha=16,targets=c_attn,c_proj; DIR/model is written merged, DIR/adapter in PEFT's format.")
    String lora;

    @Option(names = "--rollout-workers", defaultValue = "1", paramLabel = "N", description = "Workers that sample the groups, each "
            + "with its own copy of the model, given the learner's weights every round (threads, or Spark tasks with --spark); the "
            + "learner scores and trains. N workers give the same run on either backend (default: ${DEFAULT-VALUE}: the learner "
            + "samples).")
    int rolloutWorkers;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run the rollout workers as Apache Spark tasks on MASTER, e.g. "
            + "local[2] (see the README).")
    String spark;

    @Option(names = "--hp", paramLabel = "KEY=VALUE", description = "GRPO setting, e.g. --hp group_size=16 --hp kl_coefficient=0.02 "
            + "--hp learning_rate=3e-4 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (iterations <= 0 || evalEvery <= 0) {
            throw new IllegalArgumentException("--iterations and --eval-every must be > 0, got " + iterations + ", " + evalEvery);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("--temperature must be finite and > 0 for GRPO to sample, got " + temperature);
        }
        if (rolloutWorkers < 1) {
            throw new IllegalArgumentException("--rollout-workers must be >= 1, got " + rolloutWorkers);
        }
        if (spark != null) {
            SparkMaster.check(spark);
        }
        OutputDirectory target = OutputDirectory.claim(out, overwrite);
        LanguageModel lm = LanguageModel.load(model);
        if (lora != null) {
            lm.transformer().addLora(dev.reins.llm.model.LoraConfig.parse(lora), seed);
        }
        gradientCheckpointing.applyTo(lm.transformer());
        RewardModel rm = null;
        if (rewardModel != null) {
            rm = RewardModel.load(rewardModel);
            lm.tokenizer().requireSameAs(rm.tokenizer(), "--model " + model, "--reward-model " + rewardModel);
            rm.freeze();
        }
        List<PromptExample> prompts = rm != null ? Jsonl.readPrompts(data) : Jsonl.readExamples(data);
        List<PromptExample> heldOut = evalData == null ? List.of() : Jsonl.readExamples(evalData);
        GrpoConfig config = Configs.overlay(GrpoConfig.defaults().withMaxEpisodeSteps(maxNewTokens), DottedOverrides.tree(overrides),
                GrpoConfig.class, "--hp");
        ExactAnswerVerifier verifier = new ExactAnswerVerifier(AnswerExtractor.named(extract), tolerance);
        List<PromptExample> all = new java.util.ArrayList<>(prompts);
        all.addAll(heldOut);
        int[] stops = stop.resolve(lm.tokenizer(), all);
        DecodingConfig sampling = new DecodingConfig(maxNewTokens, temperature, topK, topP, stops);
        TokenEnv.Limits limits = new TokenEnv.Limits(maxNewTokens, lm.transformer().config().contextLength(), 0, stops);
        // The env only ends episodes; every reward, the verifier's too, is scored for a whole iteration at once.
        EpisodeScorer<int[]> scorer = rm != null ? new RewardModelScorer(rm) : new RewardFunctionScorer(verifier, prompts);
        TokenizedPrompts encoded = TokenizedPrompts.encode(lm.tokenizer(), prompts);
        Grpo<int[]> grpo = new Grpo<>(new TransformerSequencePolicy(lm.transformer(), sampling),
                () -> new TokenEnv(encoded, RewardFunction.NONE, limits), scorer, config, seed);
        ExactMatchEvaluator evaluator = new ExactMatchEvaluator(verifier, maxNewTokens, 500, stops);
        // Workers start (and Spark with them) before anything is written: a failure to start leaves no folder behind.
        RolloutWorkers workers = spark != null ? new dev.reins.bench.spark.SparkRolloutWorkers(spark, rolloutWorkers)
                : rolloutWorkers > 1 ? new ThreadRolloutWorkers(rolloutWorkers) : null;
        try {
            if (workers != null) {
                grpo.withRolloutWorkers(workers, TokenGroupWorkerSetup.of(lm.transformer(), sampling, encoded,
                        RewardFunction.NONE, limits));
            }
            Path dir = target.create();
            GrpoTrainingLoop.run(grpo, iterations, evalEvery, dir.resolve("grpo_log"),
                    heldOut.isEmpty() ? null : () -> evaluator.greedy(lm, heldOut).accuracy(), System.out::println);
            lm.save(dir.resolve("model"));
            if (lora != null) {
                dev.reins.llm.model.LoraAdapters.save(lm.transformer(), dir.resolve("adapter"), model.toString());
            }
            RlvrCurvesPlot.write(dir.resolve("grpo_log").resolve("metrics.jsonl"), dir.resolve("grpo_curves.png"), "GRPO");
            target.commit();
        } finally {
            if (workers != null) {
                workers.close();
            }
        }
        System.out.println("wrote " + out.resolve("model") + ", " + out.resolve("grpo_log") + ", " + out.resolve("grpo_curves.png"));
        return 0;
    }
}
