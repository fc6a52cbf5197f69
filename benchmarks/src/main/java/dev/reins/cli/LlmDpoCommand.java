package dev.reins.cli;

import dev.reins.core.config.Configs;
import dev.reins.llm.data.Jsonl;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.LoraAdapters;
import dev.reins.llm.model.LoraConfig;
import dev.reins.llm.preference.DpoConfig;
import dev.reins.llm.preference.DpoTrainer;
import dev.reins.llm.preference.TokenizedPair;
import dev.reins.llm.train.StepTrainingLoop;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins llm dpo}: direct preference optimization of a language model. */
@Command(name = "dpo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Direct preference optimization (DPO; IPO, hinge or SimPO with --hp loss_type=...) of --model on JSONL preference "
                + "pairs {\"prompt\": ..., \"chosen\": ..., \"rejected\": ...}; the reference is --ref-model or the starting model. "
                + "Writes the model and TRL-named metrics into --out.")
final class LlmDpoCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "Training pairs.")
    Path data;

    @Option(names = "--eval-data", paramLabel = "FILE.jsonl", description = "Held-out pairs for the eval_* metrics.")
    Path evalData;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The policy to train (a Reins or Hugging Face GPT-2 "
            + "directory, usually the SFT model).")
    Path model;

    @Option(names = "--ref-model", paramLabel = "DIR", description = "The frozen reference (default: --model as it starts).")
    Path refModel;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (model in DIR/model).")
    Path out;

    @picocli.CommandLine.Mixin
    GradientCheckpointingOption gradientCheckpointing = new GradientCheckpointingOption();

    @Option(names = "--lora", paramLabel = "SPEC", description = "Train LoRA adapters on the frozen model instead of every weight, "
            + "e.g. r=8,alpha=16,targets=c_attn,c_proj; DIR/model is written merged, DIR/adapter in PEFT's format.")
    String lora;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the adapters and batches (default: ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Mixin
    StepRun.Options checkpointing = new StepRun.Options();

    @Option(names = "--hp", paramLabel = "KEY=VALUE", description = "Setting: steps, batch_size, learning_rate, warmup_steps, "
            + "max_grad_norm, weight_decay, beta, loss_type (sigmoid, ipo, hinge, simpo), label_smoothing, simpo_gamma, eval_every "
            + "(repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        OutputDirectory target = checkpointing.resume ? OutputDirectory.resuming(out)
                : OutputDirectory.claim(out, checkpointing.overwrite);
        DpoConfig config = Configs.overlay(DpoConfig.defaults(), DottedOverrides.tree(overrides), DpoConfig.class, "--hp");
        LanguageModel lm = LanguageModel.load(model);
        LanguageModel reference = null;
        if (refModel != null) {
            reference = LanguageModel.load(refModel);
            lm.tokenizer().requireSameAs(reference.tokenizer(), "--model " + model, "--ref-model " + refModel);
        }
        if (lora != null) {
            lm.transformer().addLora(LoraConfig.parse(lora), seed);
        }
        gradientCheckpointing.applyTo(lm.transformer());
        int context = lm.transformer().config().contextLength();
        List<TokenizedPair> train = TokenizedPair.tokenize(lm.tokenizer(), Jsonl.readPreferences(data), context, true);
        List<TokenizedPair> heldOut = evalData == null ? List.of()
                : TokenizedPair.tokenize(lm.tokenizer(), Jsonl.readPreferences(evalData), context, true);
        DpoTrainer trainer = new DpoTrainer(lm.transformer(), reference == null ? null : reference.transformer(), train, heldOut, config,
                seed);
        reference = null; // its log-probs are taken; the model itself is no longer needed
        Path dir = target.create();
        StepTrainingLoop.Outcome o = StepRun.run(trainer, "dpo", dir, checkpointing, () -> {
            lm.save(dir.resolve("model"));
            if (lora != null) {
                LoraAdapters.save(lm.transformer(), dir.resolve("adapter"), model.toString());
            }
        });
        if (!heldOut.isEmpty() && trainer.finished()) {
            System.out.printf("held-out: rewards/accuracies %.3f, rewards/margins %.3f, loss %.4f on %d pairs%n",
                    o.eval("eval_rewards/accuracies"), o.eval("eval_rewards/margins"), o.eval("eval_loss"), heldOut.size());
        }
        target.commit();
        System.out.println("wrote " + out.resolve("model") + " and " + out.resolve("dpo_log"));
        return 0;
    }
}
