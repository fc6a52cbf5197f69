package dev.reins.llm.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The weights of a {@link Transformer}, one {@link Parameter} per tensor, named and shaped exactly as Hugging
 * Face's GPT-2 names them (without the {@code transformer.} prefix): {@code wte.weight [V, d]},
 * {@code wpe.weight [C, d]}, per block {@code h.L.ln_1.*}, {@code h.L.attn.c_attn.* [d, 3d]} (q, k, v fused),
 * {@code h.L.attn.c_proj.*}, {@code h.L.ln_2.*}, {@code h.L.mlp.c_fc.* [d, ff]}, {@code h.L.mlp.c_proj.* [ff, d]},
 * then {@code ln_f.*}, and {@code lm_head.weight [V, d]} only when the unembedding is not tied to
 * {@code wte.weight}. Linear weights are [in, out] (GPT-2's Conv1D layout). So loading or saving a Hugging Face checkpoint is a matter of names, never of transposes.
 *
 * <p>Initialization follows GPT-2: weights N(0, 0.02), the two residual projections of each block scaled by
 * 1/√(2·layers), biases zero, layer-norm gains one.
 */
public final class TransformerParameters {
    private final TransformerConfig config;
    private final DataType dtype;
    private final Map<String, Parameter> parameters;
    private LoraConfig lora;

    private TransformerParameters(TransformerConfig config, DataType dtype, Map<String, Parameter> parameters) {
        this.config = config;
        this.dtype = dtype;
        this.parameters = parameters;
    }

    /** Parameters taken over as they are, with their flags and adapters (a {@link TransformerImage} rebuilt). */
    static TransformerParameters restored(TransformerConfig config, DataType dtype, Map<String, Parameter> parameters, LoraConfig lora) {
        checkDtype(dtype);
        TransformerParameters restored = new TransformerParameters(config, dtype, new LinkedHashMap<>(parameters));
        restored.lora = lora;
        return restored;
    }

    /** Fresh GPT-2-style initialization in {@code dtype} (FLOAT or DOUBLE), reproducible from {@code seed}. */
    public static TransformerParameters initialize(TransformerConfig config, long seed, DataType dtype) {
        checkDtype(dtype);
        SplittableRandom rng = new SplittableRandom(seed);
        double residualScale = 1.0 / Math.sqrt(2.0 * config.layers());
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes(config).entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            int n = (int) count(shape);
            double[] values = new double[n];
            if (name.contains(".ln_") || name.startsWith("ln_f")) {
                if (name.endsWith(".weight")) {
                    java.util.Arrays.fill(values, 1.0);
                }
            } else if (name.endsWith(".weight")) {
                double scale = 0.02 * (name.endsWith("c_proj.weight") ? residualScale : 1);
                for (int i = 0; i < n; i++) {
                    values[i] = scale * gaussian(rng);
                }
            }
            out.put(name, new Parameter(name, Nd4j.create(values, shape, 'c').castTo(dtype)));
        }
        return new TransformerParameters(config, dtype, out);
    }

    /** Float32 initialization. */
    public static TransformerParameters initialize(TransformerConfig config, long seed) {
        return initialize(config, seed, DataType.FLOAT);
    }

    /**
     * Parameters made from named arrays (a loaded checkpoint, taken over without a copy where they already are
     * C-ordered {@code dtype} arrays), converted to {@code dtype}. Every tensor the config
     * needs must be there with its shape; the message names the tensor, the shape found and the one expected.
     */
    public static TransformerParameters of(TransformerConfig config, DataType dtype, Map<String, INDArray> arrays, String source) {
        checkDtype(dtype);
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes(config).entrySet()) {
            INDArray a = arrays.get(e.getKey());
            if (a == null) {
                throw new IllegalArgumentException(source + ": no tensor '" + e.getKey() + "', which the config (" + config + ") needs");
            }
            if (!java.util.Arrays.equals(a.shape(), e.getValue())) {
                throw new IllegalArgumentException(source + ": tensor '" + e.getKey() + "' has shape " + java.util.Arrays.toString(a.shape())
                        + " but the config (" + config + ") needs " + java.util.Arrays.toString(e.getValue()));
            }
            // Arrays fresh from a file are used as they are; only a conversion or a view costs a copy.
            INDArray value = a.dataType() != dtype ? a.castTo(dtype).dup('c') : a.ordering() == 'c' && !a.isView() ? a : a.dup('c');
            out.put(e.getKey(), new Parameter(e.getKey(), value));
        }
        return new TransformerParameters(config, dtype, out);
    }

    public TransformerConfig config() {
        return config;
    }

    public DataType dtype() {
        return dtype;
    }

    /** All parameters in layout order. */
    public List<Parameter> all() {
        return Collections.unmodifiableList(new ArrayList<>(parameters.values()));
    }

    /** The parameters that get gradients and optimizer updates. */
    public List<Parameter> trainable() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : parameters.values()) {
            if (p.isTrainable()) {
                out.add(p);
            }
        }
        return out;
    }

    /** Whether there is a tensor named {@code name} (a LoRA adapter exists only on its target modules). */
    public boolean has(String name) {
        return parameters.containsKey(name);
    }

    public Parameter get(String name) {
        Parameter p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no transformer tensor named '" + name + "'; have " + parameters.keySet());
        }
        return p;
    }

    /** Freezes every parameter whose name matches (and unfreezes none). */
    public void freeze(Predicate<String> names) {
        for (Parameter p : parameters.values()) {
            if (names.test(p.name())) {
                p.setTrainable(false);
            }
        }
    }

    /** Total number of weights. */
    public long count() {
        long n = 0;
        for (Parameter p : parameters.values()) {
            n += p.size();
        }
        return n;
    }

    /** An independent copy with the same trainable flags and adapters (a frozen reference policy, a best checkpoint). */
    public TransformerParameters copy() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Parameter p : parameters.values()) {
            Parameter c = new Parameter(p.name(), p.value().dup('c'));
            c.setTrainable(p.isTrainable());
            out.put(p.name(), c);
        }
        TransformerParameters copy = new TransformerParameters(config, dtype, out);
        copy.lora = lora;
        return copy;
    }

    /**
     * These parameters without the language-model head: the same arrays (not copies) under a config with tied
     * embeddings, minus {@code lm_head.weight} when there was one. What a reward model or critic built on a language
     * model's backbone keeps.
     */
    public TransformerParameters withoutLanguageModelHead() {
        Map<String, Parameter> out = new LinkedHashMap<>(parameters);
        out.remove("lm_head.weight");
        TransformerParameters backbone = new TransformerParameters(config.withTiedEmbeddings(true), dtype, out);
        backbone.lora = lora;
        return backbone;
    }

    /** The adapters' configuration, or null when the model has none. */
    public LoraConfig lora() {
        return lora;
    }

    /** The Conv1D modules of GPT-2 ({@code h.L.attn.c_attn}, {@code h.L.attn.c_proj}, {@code h.L.mlp.c_fc}, {@code h.L.mlp.c_proj}). */
    public static List<String> modules(TransformerConfig c) {
        List<String> out = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            out.add("h." + l + ".attn.c_attn");
            out.add("h." + l + ".attn.c_proj");
            out.add("h." + l + ".mlp.c_fc");
            out.add("h." + l + ".mlp.c_proj");
        }
        return out;
    }

    /**
     * Freezes every weight and adds trainable adapters to the targeted modules (A Kaiming-uniform from {@code seed},
     * B zero, as PEFT initializes them). Called through {@link Transformer#addLora}, which rebuilds the graphs.
     */
    void addLora(LoraConfig config, long seed) {
        if (lora != null) {
            throw new IllegalStateException("the model already has LoRA adapters (" + lora + "); merge them first");
        }
        freeze(name -> true);
        SplittableRandom rng = new SplittableRandom(seed);
        for (String module : modules(this.config)) {
            if (!config.targets(module)) {
                continue;
            }
            long[] shape = get(module + ".weight").shape();
            int in = (int) shape[0];
            int out = (int) shape[1];
            double bound = 1 / Math.sqrt(in); // kaiming_uniform_(a = √5) on [r, in]
            double[] a = new double[config.rank() * in];
            for (int i = 0; i < a.length; i++) {
                a[i] = bound * (2 * rng.nextDouble() - 1);
            }
            parameters.put(module + ".lora_A.weight", new Parameter(module + ".lora_A.weight",
                    Nd4j.create(a, new long[] {config.rank(), in}, 'c').castTo(dtype)));
            parameters.put(module + ".lora_B.weight", new Parameter(module + ".lora_B.weight",
                    Nd4j.zeros(dtype, out, config.rank())));
        }
        lora = config;
    }

    /** The weight update an adapter stands for, in the Conv1D layout [in, out]: (α/r)·Aᵀ·Bᵀ (a new array). */
    static INDArray loraDelta(INDArray a, INDArray b, LoraConfig lora) {
        return a.transpose().mmul(b.transpose()).muli(lora.scale());
    }

    /** Folds the adapters into the weights (W += (α/r)·Aᵀ·Bᵀ), removes them and unfreezes everything. */
    void mergeLora() {
        if (lora == null) {
            return;
        }
        for (String module : modules(config)) {
            Parameter a = parameters.remove(module + ".lora_A.weight");
            Parameter b = parameters.remove(module + ".lora_B.weight");
            if (a != null) {
                INDArray delta = loraDelta(a.value(), b.value(), lora);
                get(module + ".weight").value().addi(delta);
                NdArrays.close(delta);
            }
        }
        for (Parameter p : parameters.values()) {
            p.setTrainable(true);
        }
        lora = null;
    }

    /** Names and shapes of GPT-2's tensors for {@code c}, in layout order. */
    public static Map<String, long[]> shapes(TransformerConfig c) {
        long d = c.dModel();
        Map<String, long[]> out = new LinkedHashMap<>();
        out.put("wte.weight", new long[] {c.vocabSize(), d});
        out.put("wpe.weight", new long[] {c.contextLength(), d});
        for (int l = 0; l < c.layers(); l++) {
            String p = "h." + l + ".";
            out.put(p + "ln_1.weight", new long[] {d});
            out.put(p + "ln_1.bias", new long[] {d});
            out.put(p + "attn.c_attn.weight", new long[] {d, 3 * d});
            out.put(p + "attn.c_attn.bias", new long[] {3 * d});
            out.put(p + "attn.c_proj.weight", new long[] {d, d});
            out.put(p + "attn.c_proj.bias", new long[] {d});
            out.put(p + "ln_2.weight", new long[] {d});
            out.put(p + "ln_2.bias", new long[] {d});
            out.put(p + "mlp.c_fc.weight", new long[] {d, c.ffDim()});
            out.put(p + "mlp.c_fc.bias", new long[] {c.ffDim()});
            out.put(p + "mlp.c_proj.weight", new long[] {c.ffDim(), d});
            out.put(p + "mlp.c_proj.bias", new long[] {d});
        }
        out.put("ln_f.weight", new long[] {d});
        out.put("ln_f.bias", new long[] {d});
        if (!c.tieWordEmbeddings()) {
            out.put("lm_head.weight", new long[] {c.vocabSize(), d});
        }
        return out;
    }

    static long count(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    private static void checkDtype(DataType dtype) {
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("transformer dtype must be FLOAT or DOUBLE, got " + dtype);
        }
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
