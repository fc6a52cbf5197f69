package dev.reins.llm.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reins.core.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LoRA adapters on their own, in PEFT's format: {@code adapter_config.json} ({@code peft_type: LORA}, {@code r},
 * {@code lora_alpha}, {@code target_modules}, {@code fan_in_fan_out: true} as GPT-2's Conv1D needs) and
 * {@code adapter_model.safetensors} with PEFT's names
 * ({@code base_model.model.transformer.h.0.attn.c_attn.lora_A.weight} [r, in], {@code ...lora_B.weight} [out, r]),
 * so {@code PeftModel.from_pretrained(gpt2, dir)} loads what Reins trained, and the other way round.
 *
 * <pre>{@code
 * LoraAdapters.save(model, Path.of("runs/x/adapter"), "gpt2");
 * Transformer base = Transformer.load(Path.of("gpt2"), DataType.FLOAT);
 * LoraAdapters.load(base, Path.of("runs/x/adapter"));
 * }</pre>
 */
public final class LoraAdapters {
    static final String CONFIG = "adapter_config.json";
    static final String WEIGHTS = "adapter_model.safetensors";
    private static final String PREFIX = "base_model.model.transformer.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LoraAdapters() {}

    /** Writes the adapters of {@code model} into {@code dir}; {@code baseModel} is recorded as PEFT records it. */
    public static void save(Transformer model, Path dir, String baseModel) throws IOException {
        LoraConfig lora = model.parameters().lora();
        if (lora == null) {
            throw new IllegalStateException("the model has no LoRA adapters to save");
        }
        Files.createDirectories(dir);
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        for (Parameter p : model.parameters().all()) {
            if (p.name().contains(".lora_")) {
                tensors.put(PREFIX + p.name(), p.value());
            }
        }
        SafeTensors.write(dir.resolve(WEIGHTS), tensors);
        ObjectNode node = JSON.createObjectNode();
        node.put("peft_type", "LORA");
        node.put("task_type", "CAUSAL_LM");
        node.put("base_model_name_or_path", baseModel);
        node.put("r", lora.rank());
        node.put("lora_alpha", lora.alpha());
        node.putArray("target_modules").addAll(lora.targets().stream().map(JSON.getNodeFactory()::textNode).toList());
        node.put("fan_in_fan_out", true);
        node.put("lora_dropout", 0.0);
        node.put("bias", "none");
        node.put("inference_mode", false);
        AtomicFiles.writeString(dir.resolve(CONFIG), JSON.writeValueAsString(node) + "\n");
    }

    /** Adds the adapters saved in {@code dir} (PEFT's format) to {@code model}, freezing its weights. */
    public static void load(Transformer model, Path dir) {
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("no " + CONFIG + " in " + dir);
        }
        JsonNode node;
        try {
            node = JSON.readTree(configFile.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(configFile + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!node.path("peft_type").asText("").equals("LORA")) {
            throw new IllegalArgumentException(configFile + ": peft_type is '" + node.path("peft_type").asText("") + "', expected LORA");
        }
        List<String> targets = new ArrayList<>();
        node.path("target_modules").forEach(t -> targets.add(t.asText()));
        LoraConfig lora;
        try {
            lora = new LoraConfig(node.path("r").asInt(0), node.path("lora_alpha").asDouble(0), targets);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configFile + ": " + e.getMessage());
        }
        Map<String, INDArray> saved = SafeTensors.read(dir.resolve(WEIGHTS), model.dtype());
        model.addLora(lora, 0);
        for (Parameter p : model.parameters().all()) {
            if (!p.name().contains(".lora_")) {
                continue;
            }
            INDArray value = saved.get(PREFIX + p.name());
            if (value == null) {
                throw new IllegalArgumentException(dir.resolve(WEIGHTS) + ": no tensor '" + PREFIX + p.name() + "', which " + CONFIG
                        + " (" + lora + ") needs");
            }
            if (!java.util.Arrays.equals(value.shape(), p.shape())) {
                throw new IllegalArgumentException(dir.resolve(WEIGHTS) + ": tensor '" + PREFIX + p.name() + "' has shape "
                        + java.util.Arrays.toString(value.shape()) + " but the model needs " + java.util.Arrays.toString(p.shape()));
            }
            p.value().assign(value);
        }
    }
}
