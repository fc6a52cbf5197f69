package dev.reins.cli;

import dev.reins.algorithms.rlhf.PpoRlhf;
import dev.reins.algorithms.rlhf.PpoRlhfConfig;
import dev.reins.core.config.Configs;
import dev.reins.llm.data.Jsonl;
import dev.reins.llm.env.TokenEnv;
import dev.reins.llm.env.TokenizedPrompts;
import dev.reins.llm.eval.SampledCompletions;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.LoraAdapters;
import dev.reins.llm.model.LoraConfig;
import dev.reins.llm.optim.AdamW;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardFunction;
import dev.reins.llm.reward.RewardModel;
import dev.reins.llm.rl.PpoRlhfRun;
import dev.reins.llm.rl.RewardModelScorer;
import dev.reins.llm.rl.TransformerCritic;
import dev.reins.llm.rl.TransformerSequencePolicy;
import dev.reins.llm.train.StepTrainingLoop;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins llm ppo}: PPO-RLHF of a language model against a reward model. */
@Command(name = "ppo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "PPO-RLHF: samples completions of JSONL prompts ({\"prompt\": ...}) from --model, scores them with "
                + "--reward-model, folds the per-token KL to the starting model into the reward and trains the policy and a critic "
                + "(by default a copy of the reward model with a value head). Writes the model and TRL-named metrics into --out.")
final class LlmPpoCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The policy (usually the SFT model); also the frozen reference.")
    Path model;

    @Option(names = "--reward-model", required = true, paramLabel = "DIR", description = "A reward model directory (reins llm rm).")
    Path rewardModel;

    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "Training prompts.")
    Path data;

    @Option(names = "--eval-data", paramLabel = "FILE.jsonl", description = "Held-out prompts for eval_score and eval_kl.")
    Path evalData;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (model in DIR/model).")
    Path out;

    @Option(names = "--iterations", defaultValue = "100", description = "PPO iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--eval-every", defaultValue = "20", description = "Iterations between evaluations (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--max-new-tokens", defaultValue = "16", description = "Completion length limit (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--critic", defaultValue = "reward-model", description = "The critic's backbone: a copy of the reward model's "
            + "(reward-model), a copy of the policy's (model), or the policy's own (shared) (default: ${DEFAULT-VALUE}).")
    String critic;

    @Option(names = "--lora", paramLabel = "SPEC", description = "Train LoRA adapters on the frozen policy (and critic) instead of "
            + "every weight, e.g. r=8,alpha=16,targets=c_attn,c_proj; DIR/model is written merged, DIR/adapter in PEFT's format.")
    String lora;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Mixin
    StepRun.Options checkpointing = new StepRun.Options();

    @Option(names = "--hp", paramLabel = "KEY=VALUE", description = "PPO setting, e.g. --hp kl_coefficient=0.05 --hp adaptive_kl=true "
            + "--hp missing_eos_penalty=1 --hp learning_rate=1e-5 (repeatable; names as in PpoRlhfConfig).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        OutputDirectory target = checkpointing.resume ? OutputDirectory.resuming(out)
                : OutputDirectory.claim(out, checkpointing.overwrite);
        if (iterations <= 0 || evalEvery < 0) {
            throw new IllegalArgumentException("--iterations must be > 0 and --eval-every >= 0, got " + iterations + ", " + evalEvery);
        }
        if (!critic.equals("reward-model") && !critic.equals("model") && !critic.equals("shared")) {
            throw new IllegalArgumentException("--critic must be reward-model, model or shared, got '" + critic + "'");
        }
        PpoRlhfConfig config = Configs.overlay(PpoRlhfConfig.defaults(), DottedOverrides.tree(overrides), PpoRlhfConfig.class, "--hp");
        LanguageModel lm = LanguageModel.load(model);
        RewardModel rm = RewardModel.load(rewardModel);
        lm.tokenizer().requireSameAs(rm.tokenizer(), "--model " + model, "--reward-model " + rewardModel);
        rm.freeze();
        List<PromptExample> prompts = Jsonl.readPrompts(data);
        List<PromptExample> heldOut = evalData == null ? List.of() : Jsonl.readPrompts(evalData);
        LoraConfig loraConfig = lora == null ? null : LoraConfig.parse(lora);
        TransformerCritic value = switch (critic) {
            case "reward-model" -> TransformerCritic.fromRewardModel(rm, AdamW.Settings.defaults(), loraConfig, seed);
            case "model" -> TransformerCritic.fromLanguageModel(lm, AdamW.Settings.defaults(), loraConfig, seed);
            default -> null; // shared: made on the policy below
        };
        dev.reins.llm.model.Transformer reference = heldOut.isEmpty() ? null : lm.transformer().copy();
        if (loraConfig != null) {
            lm.transformer().addLora(loraConfig, seed);
        }
        int eos = lm.tokenizer().endOfText();
        DecodingConfig sampling = DecodingConfig.sampling(maxNewTokens, eos);
        TokenEnv.Limits limits = new TokenEnv.Limits(maxNewTokens, lm.transformer().config().contextLength(), 0, eos);
        TransformerSequencePolicy policy = new TransformerSequencePolicy(lm.transformer(), sampling);
        if (value == null) {
            value = TransformerCritic.sharingBackbone(policy, AdamW.Settings.defaults(), seed);
        }
        TokenizedPrompts encoded = TokenizedPrompts.encode(lm.tokenizer(), prompts);
        PpoRlhf<int[]> ppo = new PpoRlhf<>(policy, value,
                () -> new TokenEnv(encoded, RewardFunction.NONE, limits), new RewardModelScorer(rm), null,
                config.withMaxEpisodeSteps(maxNewTokens), seed);
        PpoRlhfRun run = new PpoRlhfRun(ppo, iterations, evalEvery, heldOut.isEmpty() ? null
                : () -> SampledCompletions.sample(lm.transformer(), reference, lm.tokenizer(), heldOut, sampling, seed + 1, 64), rm, null);
        Path dir = target.create();
        StepTrainingLoop.Outcome o = StepRun.run(run, "ppo", dir, checkpointing, () -> {
            lm.save(dir.resolve("model"));
            if (loraConfig != null) {
                LoraAdapters.save(lm.transformer(), dir.resolve("adapter"), model.toString());
            }
        });
        if (!heldOut.isEmpty() && run.finished()) {
            System.out.printf("held-out: reward-model score %.3f, KL to the start %.3f, stopped %.2f on %d prompts%n", o.eval("eval_score"),
                    o.eval("eval_kl"), o.eval("eval_stopped"), heldOut.size());
        }
        target.commit();
        System.out.println("wrote " + out.resolve("model") + " and " + out.resolve("ppo_log"));
        return 0;
    }
}
