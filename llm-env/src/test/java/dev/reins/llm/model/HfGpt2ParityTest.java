package dev.reins.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Parity with an independent GPT-2: {@code benchmarks/reference/make_gpt2_fixture.py} wrote a tiny random GPT-2 in
 * Hugging Face's format (no {@code transformer.} prefix, with the attention-mask buffers, as the hub's gpt2 file) and
 * the logits its own PyTorch forward pass computes, for the F32 weights and their F16 and BF16 roundings.
 */
class HfGpt2ParityTest {
    static final Path MODEL = Path.of("src/test/resources/gpt2-tiny");
    private static final Path PARITY = Path.of("src/test/resources/gpt2-tiny-parity");
    /** Worst absolute logit error allowed (float32 compute against a float64 reference). */
    static final double TOLERANCE = 1e-4;

    @Test
    void logitsEqualTheReferenceThroughTheFullAndTheKvCachePath() throws Exception {
        JsonNode reference = new ObjectMapper().readTree(PARITY.resolve("reference_logits.json").toFile());
        Transformer model = Transformer.load(MODEL, DataType.FLOAT);
        assertEquals(new TransformerConfig(277, 64, 64, 2, 4, 256, 1e-5, true), model.config());
        double worst = worstError(model, reference, "F32");
        assertTrue(worst < TOLERANCE, "max |logit − reference| = " + worst);
    }

    @Test
    void halfAndBfloat16WeightsLoadToTheirReferenceLogits(@TempDir Path tmp) throws Exception {
        JsonNode reference = new ObjectMapper().readTree(PARITY.resolve("reference_logits.json").toFile());
        for (String dtype : new String[] {"F16", "BF16"}) {
            Path dir = tmp.resolve(dtype);
            Files.createDirectories(dir);
            Files.copy(MODEL.resolve("config.json"), dir.resolve("config.json"));
            Files.copy(PARITY.resolve("model-" + dtype.toLowerCase() + ".safetensors"), dir.resolve("model.safetensors"),
                    StandardCopyOption.REPLACE_EXISTING);
            double worst = worstError(Transformer.load(dir, DataType.FLOAT), reference, dtype);
            assertTrue(worst < TOLERANCE, dtype + ": max |logit − reference| = " + worst);
        }
    }

    @Test
    void aSavedModelReloadsBitIdenticalWithTheReferenceLogits(@TempDir Path tmp) throws Exception {
        Transformer model = Transformer.load(MODEL, DataType.FLOAT);
        model.save(tmp.resolve("saved"));
        Transformer again = Transformer.load(tmp.resolve("saved"), DataType.FLOAT);
        for (Parameter p : model.parameters().all()) {
            assertEquals(p.value(), again.parameters().get(p.name()).value(), p.name());
        }
        JsonNode reference = new ObjectMapper().readTree(PARITY.resolve("reference_logits.json").toFile());
        assertTrue(worstError(again, reference, "F32") < TOLERANCE);
        // Saved as GPT2LMHeadModel.save_pretrained names them.
        assertTrue(SafeTensors.read(tmp.resolve("saved/model.safetensors"), DataType.FLOAT).containsKey("transformer.h.0.attn.c_attn.weight"));
    }

    /** Largest |logit − reference| over every position of every prompt, through both paths. */
    static double worstError(Transformer model, JsonNode reference, String dtype) {
        double worst = 0;
        int v = model.config().vocabSize();
        JsonNode prompts = reference.get("prompts");
        for (int p = 0; p < prompts.size(); p++) {
            int[] ids = new int[prompts.get(p).size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = prompts.get(p).get(i).asInt();
            }
            JsonNode expected = reference.get("logits").get(dtype).get(p);
            KvCacheSession session = model.startSession(1);
            for (int t = 0; t < ids.length; t++) {
                double[] cached = session.step(new int[] {ids[t]});
                double[] full = model.lastLogits(List.of(Arrays.copyOf(ids, t + 1)));
                for (int j = 0; j < v; j++) {
                    double want = expected.get(t).get(j).asDouble();
                    worst = Math.max(worst, Math.max(Math.abs(cached[j] - want), Math.abs(full[j] - want)));
                }
            }
        }
        return worst;
    }
}
