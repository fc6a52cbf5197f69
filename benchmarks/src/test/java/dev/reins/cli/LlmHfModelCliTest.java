package dev.reins.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reins llm generate | sft | eval | grpo} with {@code --model} pointing at a Hugging Face GPT-2 directory: the
 * tiny fixture llm-env's parity test checks against an independent PyTorch GPT-2 (a 277-token BPE vocabulary).
 */
class LlmHfModelCliTest {
    private static final Path HF_MODEL = Path.of("../llm-env/src/test/resources/gpt2-tiny");

    @TempDir
    Path tmp;

    @Test
    void aHuggingFaceDirectoryGeneratesTrainsAndEvaluates() throws Exception {
        Object[] gen = CliRun.run("llm", "generate", "--model", HF_MODEL.toString(), "--prompt", "the cat", "--max-new-tokens", "4");
        assertEquals(0, gen[0], (String) gen[1]);
        assertTrue(((String) gen[1]).contains("the cat"), (String) gen[1]);

        Path train = tmp.resolve("train.jsonl");
        Files.writeString(train, "{\"prompt\": \"1+1=\", \"completion\": \"2\"}\n{\"prompt\": \"2+2=\", \"completion\": \"4\"}\n");
        Object[] sft = CliRun.run("llm", "sft", "--model", HF_MODEL.toString(), "--data", train.toString(), "--out",
                tmp.resolve("sft").toString(), "--hp", "steps=60", "--hp", "batch_size=4", "--hp", "learning_rate=3e-3", "--hp",
                "eval_every=0");
        assertEquals(0, sft[0], (String) sft[1]);
        Path tuned = tmp.resolve("sft/model");
        // Saved as a Hugging Face directory again, with GPT-2's tokenizer files.
        for (String file : new String[] {"config.json", "model.safetensors", "vocab.json", "merges.txt"}) {
            assertTrue(Files.exists(tuned.resolve(file)), file);
        }
        assertFalse(Files.exists(tuned.resolve("tokenizer.json")), "tokenizer.json is Hugging Face's fast-tokenizer file");

        Path test = tmp.resolve("test.jsonl");
        Files.writeString(test, "{\"prompt\": \"1+1=\", \"answer\": \"2\"}\n{\"prompt\": \"2+2=\", \"answer\": \"4\"}\n");
        Object[] eval = CliRun.run("llm", "eval", "--model", tuned.toString(), "--data", test.toString());
        assertEquals(0, eval[0], (String) eval[1]);
        assertTrue(Files.readString(tuned.resolve("eval.json")).contains("\"accuracy\" : 1.0"), Files.readString(tuned.resolve("eval.json")));

        Object[] grpo = CliRun.run("llm", "grpo", "--model", HF_MODEL.toString(), "--data", test.toString(), "--out",
                tmp.resolve("grpo").toString(), "--iterations", "2", "--max-new-tokens", "2", "--hp", "group_size=4", "--hp",
                "starts_per_iteration=2");
        assertEquals(0, grpo[0], (String) grpo[1]);
        assertTrue(Files.exists(tmp.resolve("grpo/model/model.safetensors")));
    }

    @Test
    void loraTrainsAdaptersOnTheFrozenModelAndWritesThemAsPeftDoes() throws Exception {
        Path train = tmp.resolve("train.jsonl");
        Files.writeString(train, "{\"prompt\": \"1+1=\", \"completion\": \"2\"}\n{\"prompt\": \"2+2=\", \"completion\": \"4\"}\n");
        Object[] sft = CliRun.run("llm", "sft", "--model", HF_MODEL.toString(), "--data", train.toString(), "--out",
                tmp.resolve("lora").toString(), "--lora", "r=4,alpha=8,targets=c_attn,c_fc", "--hp", "steps=40", "--hp", "batch_size=4",
                "--hp", "learning_rate=1e-2", "--hp", "eval_every=0");
        assertEquals(0, sft[0], (String) sft[1]);
        assertTrue(Files.exists(tmp.resolve("lora/adapter/adapter_config.json")));
        assertTrue(Files.readString(tmp.resolve("lora/adapter/adapter_config.json")).contains("\"r\" : 4"));
        assertTrue(Files.exists(tmp.resolve("lora/adapter/adapter_model.safetensors")));
        // The merged model is a plain Hugging Face directory that differs from the base only where adapters sat.
        var base = dev.reins.llm.model.Transformer.load(HF_MODEL, org.nd4j.linalg.api.buffer.DataType.FLOAT).parameters();
        var merged = dev.reins.llm.model.Transformer.load(tmp.resolve("lora/model"), org.nd4j.linalg.api.buffer.DataType.FLOAT)
                .parameters();
        assertTrue(!base.get("h.0.attn.c_attn.weight").value().equals(merged.get("h.0.attn.c_attn.weight").value()));
        assertEquals(base.get("h.0.attn.c_proj.weight").value(), merged.get("h.0.attn.c_proj.weight").value());
        assertEquals(base.get("wte.weight").value(), merged.get("wte.weight").value());

        Path test = tmp.resolve("test.jsonl");
        Files.writeString(test, "{\"prompt\": \"1+1=\", \"answer\": \"2\"}\n");
        Object[] grpo = CliRun.run("llm", "grpo", "--model", HF_MODEL.toString(), "--data", test.toString(), "--out",
                tmp.resolve("grpo-lora").toString(), "--lora", "r=2", "--iterations", "1", "--max-new-tokens", "2", "--hp",
                "group_size=4", "--hp", "starts_per_iteration=1");
        assertEquals(0, grpo[0], (String) grpo[1]);
        assertTrue(Files.exists(tmp.resolve("grpo-lora/adapter/adapter_model.safetensors")));

        Object[] bad = CliRun.run("llm", "sft", "--model", HF_MODEL.toString(), "--data", train.toString(), "--out",
                tmp.resolve("bad").toString(), "--lora", "r=4,targets=q_proj");
        assertEquals(2, bad[0]);
        assertTrue(((String) bad[1]).contains("q_proj") && ((String) bad[1]).lines().count() == 1, (String) bad[1]);
    }

    @Test
    void aBrokenModelDirectoryIsOneLineNamingTheFile() throws Exception {
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        Files.copy(HF_MODEL.resolve("vocab.json"), broken.resolve("vocab.json"));
        Files.copy(HF_MODEL.resolve("merges.txt"), broken.resolve("merges.txt"));
        Files.copy(HF_MODEL.resolve("model.safetensors"), broken.resolve("model.safetensors"));
        Files.writeString(broken.resolve("config.json"), "{\"model_type\": \"gpt2\", \"n_embd\": 64,");
        Object[] garbled = CliRun.run("llm", "generate", "--model", broken.toString(), "--prompt", "x");
        assertEquals(2, garbled[0]);
        assertTrue(((String) garbled[1]).contains("config.json") && ((String) garbled[1]).contains("not valid JSON"), (String) garbled[1]);

        Files.writeString(broken.resolve("config.json"), Files.readString(HF_MODEL.resolve("config.json")).replace("\"n_embd\": 64",
                "\"n_embd\": 32").replace("\"n_head\": 4", "\"n_head\": 2"));
        Object[] mismatch = CliRun.run("llm", "generate", "--model", broken.toString(), "--prompt", "x");
        assertEquals(2, mismatch[0]);
        assertTrue(((String) mismatch[1]).contains("wte.weight") && ((String) mismatch[1]).contains("[277, 64]"), (String) mismatch[1]);

        Files.writeString(broken.resolve("config.json"), "{\"model_type\": \"llama\"}");
        Object[] llama = CliRun.run("llm", "generate", "--model", broken.toString(), "--prompt", "x");
        assertEquals(2, llama[0]);
        assertTrue(((String) llama[1]).contains("model_type is 'llama'"), (String) llama[1]);
    }
}
