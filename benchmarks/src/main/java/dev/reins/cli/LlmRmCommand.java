package dev.reins.cli;

import dev.reins.core.config.Configs;
import dev.reins.llm.data.Jsonl;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.LoraConfig;
import dev.reins.llm.preference.RewardModelConfig;
import dev.reins.llm.preference.RewardModelTrainer;
import dev.reins.llm.preference.TokenizedPair;
import dev.reins.llm.reward.RewardModel;
import dev.reins.llm.train.StepTrainingLoop;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins llm rm}: a reward model trained on preference pairs. */
@Command(name = "rm", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a reward model (the --model backbone plus a scalar head, Bradley–Terry loss) on JSONL preference pairs "
                + "{\"prompt\": ..., \"chosen\": ..., \"rejected\": ...} (optional \"margin\"); writes it to DIR/model as a Hugging Face "
                + "GPT2ForSequenceClassification directory that --reward-model options load.")
final class LlmRmCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "Training pairs.")
    Path data;

    @Option(names = "--eval-data", paramLabel = "FILE.jsonl", description = "Held-out pairs for accuracy, margin and loss.")
    Path evalData;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The backbone: a Reins or Hugging Face GPT-2 "
            + "language model (usually the SFT model); its language-model head is dropped.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (reward model in DIR/model).")
    Path out;

    @Option(names = "--lora", paramLabel = "SPEC", description = "Train LoRA adapters on the frozen backbone (and the head) instead of "
            + "every weight, e.g. r=8,alpha=16,targets=c_attn,c_proj; DIR/model is written merged.")
    String lora;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the head, adapters and batches (default: ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Mixin
    StepRun.Options checkpointing = new StepRun.Options();

    @Option(names = "--hp", paramLabel = "KEY=VALUE", description = "Setting: steps, batch_size, learning_rate, warmup_steps, "
            + "max_grad_norm, weight_decay, center_rewards_coefficient, eval_every (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        OutputDirectory target = checkpointing.resume ? OutputDirectory.resuming(out)
                : OutputDirectory.claim(out, checkpointing.overwrite);
        RewardModelConfig config = Configs.overlay(RewardModelConfig.defaults(), DottedOverrides.tree(overrides), RewardModelConfig.class,
                "--hp");
        RewardModel rm = RewardModel.fromLanguageModel(LanguageModel.load(model), seed);
        if (lora != null) {
            rm.backbone().addLora(LoraConfig.parse(lora), seed);
        }
        int context = rm.backbone().config().contextLength();
        List<TokenizedPair> train = TokenizedPair.tokenize(rm.tokenizer(), Jsonl.readPreferences(data), context, false);
        List<TokenizedPair> heldOut = evalData == null ? List.of()
                : TokenizedPair.tokenize(rm.tokenizer(), Jsonl.readPreferences(evalData), context, false);
        RewardModelTrainer trainer = new RewardModelTrainer(rm, train, heldOut, config, seed);
        Path dir = target.create();
        StepTrainingLoop.Outcome o = StepRun.run(trainer, "rm", dir, checkpointing, () -> rm.save(dir.resolve("model")));
        if (!heldOut.isEmpty() && trainer.finished()) {
            System.out.printf("held-out: accuracy %.3f, margin %.3f, loss %.4f on %d pairs%n", o.eval("eval_accuracy"), o.eval("eval_margin"),
                    o.eval("eval_loss"), heldOut.size());
        }
        target.commit();
        System.out.println("wrote " + out.resolve("model") + " and " + out.resolve("rm_log"));
        return 0;
    }
}
