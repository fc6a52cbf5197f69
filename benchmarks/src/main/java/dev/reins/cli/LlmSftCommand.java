package dev.reins.cli;

import dev.reins.core.config.Configs;
import dev.reins.core.metrics.MetricsLogger;
import dev.reins.llm.data.Jsonl;
import dev.reins.llm.data.PromptCompletion;
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
        description = "Supervised fine-tuning on JSONL lines {\"prompt\": ..., \"completion\": ...} (loss on completion tokens); "
                + "starts from --init or a fresh byte-level transformer; writes the model and metrics into --out.")
final class LlmSftCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "Training examples.")
    Path data;

    @Option(names = "--eval-data", paramLabel = "FILE.jsonl", description = "Held-out examples for eval loss / perplexity.")
    Path evalData;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (model in DIR/model).")
    Path out;

    @Option(names = "--init", paramLabel = "DIR", description = "Start from this model instead of a fresh one.")
    Path init;

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

    @Option(names = "--hp", paramLabel = "KEY=VALUE", description = "SFT setting: steps, batch_size, learning_rate, warmup_steps, "
            + "max_grad_norm, eval_every (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        List<PromptCompletion> train = Jsonl.readCompletions(data);
        List<PromptCompletion> eval = evalData == null ? List.of() : Jsonl.readCompletions(evalData);
        LanguageModel lm;
        if (init != null) {
            lm = LanguageModel.load(init);
        } else {
            ByteTokenizer tok = ByteTokenizer.withDefaultSpecials();
            lm = new LanguageModel(tok, Transformer.create(new TransformerConfig(tok.vocabSize(), context, dModel, layers, heads,
                    4 * dModel), seed));
        }
        SftConfig config = Configs.overlay(new SftConfig(1000, 32, 1e-3, 50, 1.0, 200), DottedOverrides.tree(overrides),
                SftConfig.class, "--hp");
        SftTrainer sft = new SftTrainer(lm, train, eval, config, seed);
        long start = System.nanoTime();
        try (MetricsLogger log = MetricsLogger.create(out.resolve("sft_log"), List.of("step", "loss", "learning_rate", "grad_norm",
                "eval_loss", "eval_perplexity", "tokens_per_second"))) {
            while (!sft.finished()) {
                SftTrainer.StepMetrics m = sft.step();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("step", (long) m.step());
                row.put("loss", m.loss());
                row.put("learning_rate", m.learningRate());
                row.put("grad_norm", m.gradNorm());
                row.put("tokens_per_second", m.tokensPerSecond());
                boolean evalNow = (config.evalEvery() > 0 && m.step() % config.evalEvery() == 0) || sft.finished();
                if (evalNow) {
                    double el = sft.evalLoss();
                    row.put("eval_loss", el);
                    row.put("eval_perplexity", Math.exp(el));
                    System.out.printf("step %d: loss %.4f, held-out loss %.4f (perplexity %.3f), %.0f s%n", m.step(), m.loss(), el,
                            Math.exp(el), (System.nanoTime() - start) / 1e9);
                }
                log.log(row);
            }
        }
        lm.save(out.resolve("model"));
        System.out.println("wrote " + out.resolve("model") + " and " + out.resolve("sft_log"));
        return 0;
    }
}
