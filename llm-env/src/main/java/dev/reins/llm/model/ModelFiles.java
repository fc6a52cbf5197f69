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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A transformer's files in Hugging Face's GPT-2 format: {@code config.json} ({@code model_type: gpt2},
 * {@code n_embd}, {@code n_layer}, {@code n_head}, {@code n_positions}, {@code n_inner}, {@code vocab_size},
 * {@code layer_norm_epsilon}, {@code activation_function}) and {@code model.safetensors}. Reading accepts tensor
 * names with or without the {@code transformer.} prefix, ignores the attention-mask buffers older checkpoints carry,
 * and, when the config ties the embeddings, accepts an {@code lm_head.weight} only if it equals {@code wte.weight};
 * with {@code tie_word_embeddings: false} it needs {@code lm_head.weight}. Writing uses the names
 * {@code GPT2LMHeadModel.save_pretrained} writes, so {@code GPT2LMHeadModel.from_pretrained(dir)} loads the result; a
 * model with LoRA adapters is written with the adapters merged into their weights.
 *
 * <pre>{@code
 * ModelFiles.Contents c = ModelFiles.read(dir, DataType.FLOAT, Set.of("score.weight"));   // a sequence classifier
 * }</pre>
 */
public final class ModelFiles {
    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.safetensors";
    private static final String PREFIX = "transformer.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFiles() {}

    public static final String LM_ARCHITECTURE = "GPT2LMHeadModel";
    public static final String CLASSIFIER_ARCHITECTURE = "GPT2ForSequenceClassification";

    static void write(Path dir, TransformerParameters parameters) throws IOException {
        write(dir, parameters, LM_ARCHITECTURE, Map.of(), JSON.createObjectNode());
    }

    /**
     * Writes {@code parameters} plus {@code heads} (tensors stored under their own names, such as a sequence
     * classifier's {@code score.weight}) as {@code architecture}, with {@code extraConfig}'s fields added to
     * {@code config.json}.
     */
    public static void write(Path dir, TransformerParameters parameters, String architecture, Map<String, INDArray> heads, ObjectNode extraConfig)
            throws IOException {
        Files.createDirectories(dir);
        TransformerConfig c = parameters.config();
        ObjectNode node = JSON.createObjectNode();
        node.putArray("architectures").add(architecture);
        node.put("model_type", "gpt2");
        node.put("vocab_size", c.vocabSize());
        node.put("n_positions", c.contextLength());
        node.put("n_ctx", c.contextLength());
        node.put("n_embd", c.dModel());
        node.put("n_layer", c.layers());
        node.put("n_head", c.heads());
        node.put("n_inner", c.ffDim());
        node.put("activation_function", "gelu_new");
        node.put("layer_norm_epsilon", c.layerNormEpsilon());
        node.put("tie_word_embeddings", c.tieWordEmbeddings());
        node.put("torch_dtype", parameters.dtype() == DataType.DOUBLE ? "float64" : "float32");
        node.setAll(extraConfig);
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        List<INDArray> merged = new ArrayList<>();
        LoraConfig lora = parameters.lora();
        for (Parameter p : parameters.all()) {
            if (p.name().contains(".lora_")) {
                continue; // adapters are written merged into their weights (and on their own by LoraAdapters)
            }
            INDArray value = p.value();
            String module = p.name().substring(0, p.name().length() - ".weight".length());
            if (lora != null && p.name().endsWith(".weight") && lora.targets(module) && p.name().startsWith("h.")) {
                INDArray a = parameters.get(module + ".lora_A.weight").value();
                INDArray b = parameters.get(module + ".lora_B.weight").value();
                value = TransformerParameters.loraDelta(a, b, lora).addi(value);
                merged.add(value);
            }
            tensors.put(p.name().equals("lm_head.weight") ? p.name() : PREFIX + p.name(), value);
        }
        tensors.putAll(heads);
        SafeTensors.write(dir.resolve(WEIGHTS), tensors);
        NdArrays.closeAll(merged);
        AtomicFiles.writeString(dir.resolve(CONFIG), JSON.writeValueAsString(node) + "\n");
    }

    /** The transformer of a model directory and the head tensors it holds besides it. */
    public record Contents(TransformerParameters parameters, Map<String, INDArray> heads) {}

    /** A language model's directory (architecture GPT2LMHeadModel, or none named). */
    static TransformerParameters read(Path dir, DataType dtype) {
        String architecture = architecture(dir.resolve(CONFIG));
        if (architecture.equals(CLASSIFIER_ARCHITECTURE)) {
            throw new IllegalArgumentException("model " + dir + " is a reward model (" + CLASSIFIER_ARCHITECTURE
                    + "), not a language model; pass it where a reward model is asked for (--reward-model)");
        }
        return read(dir, dtype, java.util.Set.of()).parameters();
    }

    /**
     * A model directory whose safetensors file may hold, besides the transformer, the tensors named in
     * {@code headNames} (each must be present); returns both.
     */
    public static Contents read(Path dir, DataType dtype, java.util.Set<String> headNames) {
        TransformerConfig config = readConfig(dir.resolve(CONFIG));
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException("model " + dir + ": no " + WEIGHTS + " (a model directory holds " + CONFIG + " and "
                    + WEIGHTS + ")");
        }
        Map<String, INDArray> raw = SafeTensors.read(weights, dtype);
        Map<String, INDArray> named = new LinkedHashMap<>();
        Map<String, INDArray> heads = new LinkedHashMap<>();
        INDArray lmHead = null;
        Map<String, long[]> expected = TransformerParameters.shapes(config);
        for (Map.Entry<String, INDArray> e : raw.entrySet()) {
            String name = e.getKey().startsWith(PREFIX) ? e.getKey().substring(PREFIX.length()) : e.getKey();
            if (headNames.contains(e.getKey())) {
                heads.put(e.getKey(), e.getValue());
            } else if (name.equals("lm_head.weight") && config.tieWordEmbeddings()) {
                lmHead = e.getValue();
            } else if (name.matches("h\\.\\d+\\.attn\\.(masked_)?bias")) {
                continue; // the causal-mask buffers of older checkpoints, not weights
            } else if (!expected.containsKey(name)) {
                throw new IllegalArgumentException(weights + ": unexpected tensor '" + e.getKey() + "' for a GPT-2 model of " + config);
            } else {
                named.put(name, e.getValue());
            }
        }
        TransformerParameters params = TransformerParameters.of(config, dtype, named, weights.toString());
        if (lmHead != null && !lmHead.equalsWithEps(params.get("wte.weight").value(), 0.0)) {
            throw new IllegalArgumentException(weights + ": tensor 'lm_head.weight' differs from 'wte.weight', but config.json ties "
                    + "them (tie_word_embeddings is true)");
        }
        for (String head : headNames) {
            if (!heads.containsKey(head)) {
                throw new IllegalArgumentException(weights + ": no tensor '" + head + "'");
            }
        }
        return new Contents(params, heads);
    }

    /** The first entry of config.json's {@code architectures} ("" when it names none). */
    public static String architecture(Path configFile) {
        readConfig(configFile); // the one place that reports a missing or malformed config
        try {
            return JSON.readTree(configFile.toFile()).path("architectures").path(0).asText("");
        } catch (IOException e) {
            throw new IllegalArgumentException(configFile + ": not valid JSON");
        }
    }

    static TransformerConfig readConfig(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no model config at " + file + " (a model directory holds " + CONFIG + " and " + WEIGHTS
                    + ")");
        }
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + dev.reins.core.config.Configs.describe(e) + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(file + ": not a JSON object");
        }
        String type = node.path("model_type").asText("");
        if (!type.equals("gpt2")) {
            throw new IllegalArgumentException(file + ": model_type is '" + type + "'; Reins reads GPT-2 models (model_type \"gpt2\")");
        }
        String activation = node.path("activation_function").asText("gelu_new");
        if (!activation.equals("gelu_new") && !activation.equals("gelu_pytorch_tanh")) {
            throw new IllegalArgumentException(file + ": activation_function is '" + activation
                    + "'; supported are gelu_new and gelu_pytorch_tanh (GPT-2's tanh approximation)");
        }
        for (String unsupported : new String[] {"scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn"}) {
            if (node.path(unsupported).asBoolean(false)) {
                throw new IllegalArgumentException(file + ": " + unsupported + " is true, which Reins does not implement");
            }
        }
        if (!node.path("scale_attn_weights").asBoolean(true)) {
            throw new IllegalArgumentException(file + ": scale_attn_weights is false, which Reins does not implement");
        }
        int dModel = intField(file, node, "n_embd");
        JsonNode inner = node.path("n_inner");
        int ffDim = inner.isMissingNode() || inner.isNull() ? 4 * dModel : intField(file, node, "n_inner");
        double epsilon = node.has("layer_norm_epsilon") ? node.get("layer_norm_epsilon").asDouble(Double.NaN) : TransformerConfig.GPT2_EPSILON;
        try {
            return new TransformerConfig(intField(file, node, "vocab_size"), intField(file, node, "n_positions"), dModel,
                    intField(file, node, "n_layer"), intField(file, node, "n_head"), ffDim, epsilon,
                    node.path("tie_word_embeddings").asBoolean(true));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    private static int intField(Path file, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(file + ": field '" + field + "' must be an integer, got " + (v == null ? "nothing" : v));
        }
        return v.intValue();
    }
}
