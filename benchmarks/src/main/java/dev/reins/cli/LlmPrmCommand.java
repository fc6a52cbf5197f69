package dev.reins.cli;

import dev.reins.core.config.Configs;
import dev.reins.llm.data.Jsonl;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.reward.AnswerExtractor;
import dev.reins.llm.reward.ExactAnswerVerifier;
import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardModel;
import dev.reins.llm.search.LabelledPrefix;
import dev.reins.llm.search.ProcessRewardConfig;
import dev.reins.llm.search.ProcessRewardData;
import dev.reins.llm.search.ProcessRewardTrainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins llm prm}: a process reward model trained from the policy's rollouts. */
@Command(name = "prm", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a process reward model from the --model policy's rollouts on prompts with answers: each step of sampled "
                + "completions is labelled with the share of completions sampled from it that reach the right answer; the model "
                + "(the policy's backbone plus a scalar head, binary cross-entropy) goes to DIR/model, which 'llm search --prm' loads.")
final class LlmPrmCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The policy whose rollouts are labelled (and the "
            + "backbone the reward model starts from).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "Training prompts with answers "
            + "{\"prompt\": ..., \"answer\": ...}.")
    Path data;

    @Option(names = "--eval-data", paramLabel = "FILE.jsonl", description = "Held-out prompts with answers (their steps are labelled "
            + "the same way).")
    Path evalData;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (the model in DIR/model).")
    Path out;

    @Option(names = "--prompts", paramLabel = "N", description = "Use the first N prompts of --data (default: all).")
    Integer prompts;

    @Option(names = "--extract", defaultValue = "whole",
            description = "How the verifier reads the answer: whole, last_number, hash_marker or boxed (default: ${DEFAULT-VALUE}).")
    String extract;

    @Option(names = "--tolerance", defaultValue = "0", description = "Numeric tolerance of the verifier (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--max-new-tokens", defaultValue = "8", description = "Completion length limit (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of rollouts, head and batches (default: ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Mixin
    StepRun.Options checkpointing = new StepRun.Options();

    @Option(names = "--hp", paramLabel = "KEY=VALUE", description = "Setting: samples_per_prompt, rollouts_per_step, steps, batch_size, "
            + "learning_rate, warmup_steps, max_grad_norm, weight_decay, eval_every (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        OutputDirectory target = checkpointing.resume ? OutputDirectory.resuming(out)
                : OutputDirectory.claim(out, checkpointing.overwrite);
        ProcessRewardConfig config = Configs.overlay(ProcessRewardConfig.defaults(), DottedOverrides.tree(overrides),
                ProcessRewardConfig.class, "--hp");
        if (maxNewTokens <= 0) {
            throw new IllegalArgumentException("--max-new-tokens must be > 0, got " + maxNewTokens);
        }
        ExactAnswerVerifier verifier = new ExactAnswerVerifier(AnswerExtractor.named(extract), tolerance);
        List<PromptExample> train = Jsonl.readExamples(data);
        if (prompts != null) {
            if (prompts <= 0) {
                throw new IllegalArgumentException("--prompts must be > 0, got " + prompts);
            }
            train = train.subList(0, Math.min(prompts, train.size()));
        }
        List<PromptExample> heldOutPrompts = evalData == null ? List.of() : Jsonl.readExamples(evalData);
        LanguageModel policy = LanguageModel.load(model);
        System.out.printf("labelling the steps of %d x %d rollouts (%d more from each step)...%n", train.size(), config.samplesPerPrompt(),
                config.rolloutsPerStep());
        List<LabelledPrefix> labelled = ProcessRewardData.fromRollouts(policy, train, verifier, config.samplesPerPrompt(),
                config.rolloutsPerStep(), maxNewTokens, seed);
        List<LabelledPrefix> heldOut = heldOutPrompts.isEmpty() ? List.of() : ProcessRewardData.fromRollouts(policy, heldOutPrompts,
                verifier, config.samplesPerPrompt(), config.rolloutsPerStep(), maxNewTokens, seed + 1);
        RewardModel prm = RewardModel.fromLanguageModel(policy, seed); // the policy is not used after this: its arrays are the backbone
        ProcessRewardTrainer trainer = new ProcessRewardTrainer(prm, labelled, heldOut, config, seed);
        Path dir = target.create();
        var outcome = StepRun.run(trainer, "prm", dir, checkpointing, () -> prm.save(dir.resolve("model")));
        if (!heldOut.isEmpty() && trainer.finished()) {
            System.out.printf("held-out steps: loss %.4f, accuracy %.3f on %d steps%n", outcome.eval("eval_loss"), outcome.eval("eval_accuracy"),
                    heldOut.size());
        }
        target.commit();
        System.out.println("wrote " + out.resolve("model") + " (" + labelled.size() + " labelled steps) and " + out.resolve("prm_log"));
        return 0;
    }
}
