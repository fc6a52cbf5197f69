package dev.reins.cli;

import dev.reins.core.config.Configs;
import dev.reins.llm.data.Jsonl;
import dev.reins.llm.data.SftExample;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.sft.SftConfig;
import dev.reins.llm.sft.SftTrainer;
import dev.reins.llm.tokenizer.ByteTokenizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reins llm sft}: supervised fine-tuning on prompt/completion JSONL. */
@Command(name = "sft", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Supervised fine-tuning on JSONL lines {\"prompt\": ..., \"completion\": ...} (loss on completion tokens) or "
                + "{\"messages\": [{\"role\": ..., \"content\": ...}, ...]} (ChatML, loss on the assistant's messages); "
                + "starts from --model (a Reins or Hugging Face GPT-2 directory) or a fresh byte-level transformer; writes the model and "
                + "metrics into --out.")
final class LlmSftCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "Training examples.")
    Path data;

    @Option(names = "--eval-data", paramLabel = "FILE.jsonl", description = "Held-out examples for eval loss / perplexity.")
    Path evalData;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (model in DIR/model).")
    Path out;

    @Option(names = {"--model", "--init"}, paramLabel = "DIR", description = "Start from this model (a Reins or Hugging Face GPT-2 "
            + "directory) instead of a fresh one.")
    Path init;

    @picocli.CommandLine.Mixin
    GradientCheckpointingOption gradientCheckpointing = new GradientCheckpointingOption();

    @Option(names = "--lora", paramLabel = "SPEC", description = "Train LoRA adapters on the frozen model instead of every weight, "
            + "e.g. r=8,alpha=16,targets=c_attn,c_proj; DIR/model is written merged, DIR/adapter in PEFT's format.")
    String lora;

    @Option(names = "--context", defaultValue = "32", description = "Fresh model: context length (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--d-model", defaultValue = "64", description = "Fresh model: width (default: ${DEFAULT-VALUE}).")
    int dModel;

    @Option(names = "--layers", defaultValue = "2", description = "Fresh model: blocks (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--heads", defaultValue = "4", description = "Fresh model: heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Mixin
    StepRun.Options checkpointing = new StepRun.Options();

    @Option(names = "--hp", paramLabel = "KEY=VALUE", description = "SFT setting: steps, batch_size, learning_rate, warmup_steps, "
            + "max_grad_norm, eval_every (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        OutputDirectory target = checkpointing.resume ? OutputDirectory.resuming(out)
                : OutputDirectory.claim(out, checkpointing.overwrite);
        List<SftExample> train = Jsonl.readSftExamples(data);
        List<SftExample> eval = evalData == null ? List.of() : Jsonl.readSftExamples(evalData);
        LanguageModel lm;
        if (init != null) {
            lm = LanguageModel.load(init);
        } else {
            ByteTokenizer tok = ByteTokenizer.withDefaultSpecials();
            lm = new LanguageModel(tok, Transformer.create(new TransformerConfig(tok.vocabSize(), context, dModel, layers, heads,
                    4 * dModel), seed));
        }
        if (lora != null) {
            lm.transformer().addLora(dev.reins.llm.model.LoraConfig.parse(lora), seed);
        }
        gradientCheckpointing.applyTo(lm.transformer());
        SftConfig config = Configs.overlay(new SftConfig(1000, 32, 1e-3, 50, 1.0, 200), DottedOverrides.tree(overrides),
                SftConfig.class, "--hp");
        SftTrainer sft = new SftTrainer(lm, train, eval, config, seed);
        Path dir = target.create();
        StepRun.run(sft, "sft", dir, checkpointing, () -> {
            lm.save(dir.resolve("model"));
            if (lora != null) {
                dev.reins.llm.model.LoraAdapters.save(lm.transformer(), dir.resolve("adapter"), init == null ? "" : init.toString());
            }
        });
        target.commit();
        System.out.println("wrote " + out.resolve("model") + " and " + out.resolve("sft_log"));
        return 0;
    }
}
