package dev.reins.bench.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.generate.Generator;
import dev.reins.llm.model.LoraConfig;
import dev.reins.llm.model.ParameterGradients;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerConfig;
import dev.reins.llm.optim.AdamW;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * How a GPT-2-small-shaped model runs here: generation tokens/s at batch 1 and 16 (a 16-token prompt, 64 greedy
 * tokens, KV cache), full fine-tuning trained tokens/s at 8 × 128 tokens (forward, backward, clip, AdamW), and the
 * process's peak resident memory; and, to tell the engine from the BLAS under it, float32 matrix-product GFLOP/s at
 * the MLP's and the unembedding's shapes. The same rows are what {@code benchmarks/reference/llm_scale_torch.py} measures
 * for PyTorch on the same model directory, so {@code reins bench --suite llm-scale --peer ...} can put them side by
 * side in one run.
 */
public final class LlmScaleBenchmark {
    /** GPT-2 small: 12 layers, d 768, 12 heads, context 1024, vocabulary 50,257. */
    public static final TransformerConfig GPT2_SMALL = new TransformerConfig(50257, 1024, 768, 12, 12, 3072);

    static final int PROMPT_TOKENS = 16;
    static final int NEW_TOKENS = 64;
    static final int SFT_ROWS = 8;
    static final int SFT_TOKENS = 128;
    static final int SFT_STEPS = 3;
    static final int TOY_ROWS = 64;
    static final int TOY_TOKENS = 9;

    private LlmScaleBenchmark() {}

    /** The measured rows, in the order and under the names the reference script uses. */
    public static Map<String, Double> measure(Transformer model, java.io.PrintStream log) {
        Map<String, Double> rows = new LinkedHashMap<>();
        rows.put("rlvr_model_sft_step_ms", rlvrModelSftStepMillis());
        log.printf("the RLVR demo's model, one SFT step of %d sequences: %.1f ms%n", TOY_ROWS, rows.get("rlvr_model_sft_step_ms"));
        SplittableRandom rng = new SplittableRandom(0);
        for (int batch : new int[] {1, 16}) {
            List<int[]> prompts = new ArrayList<>();
            for (int r = 0; r < batch; r++) {
                prompts.add(randomTokens(rng, PROMPT_TOKENS, model.config().vocabSize()));
            }
            Generator.generate(model, prompts, DecodingConfig.greedy(4), 0); // warm-up: graphs built, code compiled
            long start = System.nanoTime();
            Generator.generate(model, prompts, DecodingConfig.greedy(NEW_TOKENS), 0);
            double seconds = (System.nanoTime() - start) / 1e9;
            rows.put("generate_batch" + batch + "_tokens_per_second", batch * NEW_TOKENS / seconds);
            log.printf("generation, batch %d: %.1f tokens/s%n", batch, batch * NEW_TOKENS / seconds);
        }
        List<int[]> batch = new ArrayList<>();
        for (int r = 0; r < SFT_ROWS; r++) {
            batch.add(randomTokens(rng, SFT_TOKENS, model.config().vocabSize()));
        }
        // LoRA as one fits a model into memory: adapters, and the backward pass block by block.
        model.addLora(LoraConfig.parse("r=8,alpha=16,targets=c_attn,c_proj"), 0);
        model.setGradientCheckpointing(true);
        rows.put("lora_sft_trained_tokens_per_second", fineTune(model, batch, log,
                "LoRA fine-tuning (r 8 on c_attn, c_proj; gradient checkpointing)"));
        rows.put("peak_rss_gb_after_lora_sft", peakRssGb());
        log.printf("peak RSS after LoRA fine-tuning %.2f GB%n", rows.get("peak_rss_gb_after_lora_sft"));
        model.mergeLora();
        // Full fine-tuning as a small machine fits it: the backward pass block by block, so SameDiff does not hold every
        // block's intermediates at once (the peer needs no checkpointing; its row is its plain full fine-tuning).
        rows.put("checkpointed_sft_trained_tokens_per_second", fineTune(model, batch, log,
                "full fine-tuning (gradient checkpointing)"));
        rows.put("peak_rss_gb_after_checkpointed_sft", peakRssGb());
        log.printf("peak RSS after full fine-tuning with gradient checkpointing %.2f GB%n", rows.get("peak_rss_gb_after_checkpointed_sft"));
        model.setGradientCheckpointing(false);
        rows.put("sft_trained_tokens_per_second", fineTune(model, batch, log, "full fine-tuning"));
        // The matrix products underneath, alone: the MLP's and the unembedding's shapes at 1,024 tokens, into an output
        // allocated once (x.mmul(w) would time a fresh 206 MB array's page faults too: 14 instead of 62 GFLOP/s).
        for (int[] shape : new int[][] {{1024, 768, 3072}, {1024, 768, 50257}}) {
            org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(DataType.FLOAT, shape[0], shape[1]);
            org.nd4j.linalg.api.ndarray.INDArray w = org.nd4j.linalg.factory.Nd4j.rand(DataType.FLOAT, shape[1], shape[2]);
            org.nd4j.linalg.api.ndarray.INDArray out = org.nd4j.linalg.factory.Nd4j.createUninitialized(DataType.FLOAT, shape[0], shape[2]);
            org.nd4j.linalg.factory.Nd4j.gemm(x, w, out, false, false, 1.0, 0.0);
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                org.nd4j.linalg.factory.Nd4j.gemm(x, w, out, false, false, 1.0, 0.0);
            }
            double seconds = (System.nanoTime() - start) / 1e9 / 3;
            rows.put("sgemm_" + shape[0] + "x" + shape[1] + "x" + shape[2] + "_gflops", 2.0 * shape[0] * shape[1] * shape[2] / seconds / 1e9);
            x.close();
            w.close();
            out.close();
        }
        rows.put("peak_rss_gb", peakRssGb());
        log.printf("peak RSS %.2f GB%n", rows.get("peak_rss_gb"));
        return rows;
    }

    /**
     * Milliseconds per SFT step of the RLVR demo's model (vocabulary 260, context 12, d 64, 2 layers, 4 heads, untied;
     * 134k parameters) on {@link #TOY_ROWS} sequences of {@link #TOY_TOKENS} tokens, the last 4 trained (as "37+48=85"
     * and end-of-text): forward, backward, clip, AdamW, median of 5 blocks of 40 steps after 40 warm-up steps.
     */
    static double rlvrModelSftStepMillis() {
        Transformer toy = Transformer.create(new TransformerConfig(260, 12, 64, 2, 4, 256).withTiedEmbeddings(false), 0);
        SplittableRandom rng = new SplittableRandom(1);
        List<int[]> batch = new ArrayList<>();
        double[] weights = new double[TOY_ROWS * TOY_TOKENS];
        for (int r = 0; r < TOY_ROWS; r++) {
            batch.add(randomTokens(rng, TOY_TOKENS, 260));
            for (int t = TOY_TOKENS - 5; t < TOY_TOKENS - 1; t++) {
                weights[r * TOY_TOKENS + t] = -1.0 / (4 * TOY_ROWS);
            }
        }
        double[] blocks = new double[5];
        try (ParameterGradients grads = new ParameterGradients(toy.parameters())) {
            AdamW adamW = new AdamW(toy.parameters(), AdamW.Settings.defaults());
            for (int block = -1; block < blocks.length; block++) {
                long start = System.nanoTime();
                for (int step = 0; step < 40; step++) {
                    toy.backward(batch, weights, null, null, grads);
                    adamW.clipAndStep(grads, 1e-3, 1.0);
                }
                if (block >= 0) {
                    blocks[block] = (System.nanoTime() - start) / 1e6 / 40;
                }
            }
        }
        java.util.Arrays.sort(blocks);
        return blocks[blocks.length / 2];
    }

    /** Trained tokens/s of {@link #SFT_STEPS} AdamW steps on the model's trainable tensors (after one warm-up step). */
    private static double fineTune(Transformer model, List<int[]> batch, java.io.PrintStream log, String what) {
        double[] weights = new double[SFT_ROWS * SFT_TOKENS];
        java.util.Arrays.fill(weights, -1.0 / (SFT_ROWS * (SFT_TOKENS - 1)));
        try (ParameterGradients grads = new ParameterGradients(model.parameters())) {
            AdamW adamW = new AdamW(model.parameters(), AdamW.Settings.defaults().withWeightDecay(0.01));
            double seconds = 0;
            for (int step = 0; step <= SFT_STEPS; step++) {
                long start = System.nanoTime();
                model.backward(batch, weights, null, null, grads);
                adamW.clipAndStep(grads, 1e-5, 1.0);
                if (step > 0) { // step 0 builds the graph and warms up
                    seconds += (System.nanoTime() - start) / 1e9;
                }
            }
            double perSecond = SFT_ROWS * SFT_TOKENS * SFT_STEPS / seconds;
            log.printf("%s, %d x %d tokens: %.1f trained tokens/s (%.2f s per step)%n", what, SFT_ROWS, SFT_TOKENS, perSecond,
                    seconds / SFT_STEPS);
            return perSecond;
        }
    }

    /** A random GPT-2-small-shaped model written to {@code dir} in Hugging Face's format (for the peer to load too). */
    public static Transformer randomModel(Path dir) throws IOException {
        Transformer model = Transformer.create(GPT2_SMALL, 0);
        model.save(dir);
        return model;
    }

    public static Transformer load(Path dir) {
        return Transformer.load(dir, DataType.FLOAT);
    }

    /** Runs {@code command} with the model directory appended and reads the JSON object of rows it prints last. */
    public static Map<String, Double> runPeer(List<String> command, Path modelDir, java.io.PrintStream log)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.add(modelDir.toString());
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        // One BLAS thread, as Reins runs: Debian's torch otherwise spreads its matrix products over every core.
        builder.environment().putIfAbsent("OPENBLAS_NUM_THREADS", "1");
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("peer " + full + " failed:\n" + output);
        }
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        JsonNode json = new ObjectMapper().readTree(last);
        Map<String, Double> rows = new LinkedHashMap<>();
        json.fields().forEachRemaining(e -> rows.put(e.getKey(), e.getValue().asDouble()));
        log.println("peer: " + rows);
        return rows;
    }

    /** VmHWM of this process in GB (NaN where /proc is missing). */
    static double peakRssGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private static int[] randomTokens(SplittableRandom rng, int n, int vocab) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextInt(vocab);
        }
        return t;
    }
}
