package dev.reins.llm.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * All weights of a {@link Transformer} in one flat {@code double[]}, with the name, shape and offset of every
 * tensor. The flat vector is what optimizers, checkpoints and reference copies work on; the SameDiff graphs read
 * their variables from it.
 *
 * <p>Initialization follows GPT-2: weights N(0, 0.02), the two residual projections of each block scaled by
 * 1/√(2·layers), biases zero, layer-norm gains one.
 */
public final class TransformerParameters {

    /** One named tensor inside the flat vector. */
    public record Tensor(String name, long[] shape, int offset, int size) {}

    private final TransformerConfig config;
    private final Map<String, Tensor> tensors;
    private final double[] values;

    private TransformerParameters(TransformerConfig config, Map<String, Tensor> tensors, double[] values) {
        this.config = config;
        this.tensors = tensors;
        this.values = values;
    }

    /** Fresh GPT-2-style initialization, reproducible from {@code seed}. */
    public static TransformerParameters initialize(TransformerConfig config, long seed) {
        Map<String, Tensor> layout = layout(config);
        double[] values = new double[totalSize(layout)];
        SplittableRandom rng = new SplittableRandom(seed);
        double residualScale = 1.0 / Math.sqrt(2.0 * config.layers());
        for (Tensor t : layout.values()) {
            String kind = t.name().substring(t.name().lastIndexOf('.') + 1);
            for (int i = 0; i < t.size(); i++) {
                double v;
                if (kind.startsWith("ln") && kind.endsWith("_gain")) {
                    v = 1;
                } else if (kind.startsWith("b") || kind.endsWith("_bias")) {
                    v = 0;
                } else {
                    v = 0.02 * gaussian(rng) * (kind.equals("w_out_proj") || kind.equals("w_mlp_out") ? residualScale : 1);
                }
                values[t.offset() + i] = v;
            }
        }
        return new TransformerParameters(config, layout, values);
    }

    /** Parameters with the given values (copied), checked against the layout of {@code config}. */
    public static TransformerParameters of(TransformerConfig config, double[] values) {
        Map<String, Tensor> layout = layout(config);
        int expected = totalSize(layout);
        if (values.length != expected) {
            throw new IllegalArgumentException("a transformer with " + config + " has " + expected + " parameters, got "
                    + values.length);
        }
        return new TransformerParameters(config, layout, values.clone());
    }

    public TransformerConfig config() {
        return config;
    }

    /** The live flat vector (not a copy): optimizers update it in place. */
    public double[] values() {
        return values;
    }

    public int size() {
        return values.length;
    }

    /** Tensors in layout order. */
    public List<Tensor> tensors() {
        return Collections.unmodifiableList(new ArrayList<>(tensors.values()));
    }

    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no transformer tensor named '" + name + "'; have " + tensors.keySet());
        }
        return t;
    }

    /** An independent copy (a frozen reference policy, a best checkpoint). */
    public TransformerParameters copy() {
        return new TransformerParameters(config, tensors, values.clone());
    }

    static Map<String, Tensor> layout(TransformerConfig c) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int[] offset = {0};
        add(out, offset, "token_embedding", c.vocabSize(), c.dModel());
        add(out, offset, "position_embedding", c.contextLength(), c.dModel());
        for (int l = 0; l < c.layers(); l++) {
            String p = "block" + l + ".";
            add(out, offset, p + "ln1_gain", c.dModel());
            add(out, offset, p + "ln1_bias", c.dModel());
            add(out, offset, p + "w_query", c.dModel(), c.dModel());
            add(out, offset, p + "b_query", c.dModel());
            add(out, offset, p + "w_key", c.dModel(), c.dModel());
            add(out, offset, p + "b_key", c.dModel());
            add(out, offset, p + "w_value", c.dModel(), c.dModel());
            add(out, offset, p + "b_value", c.dModel());
            add(out, offset, p + "w_out_proj", c.dModel(), c.dModel());
            add(out, offset, p + "b_out_proj", c.dModel());
            add(out, offset, p + "ln2_gain", c.dModel());
            add(out, offset, p + "ln2_bias", c.dModel());
            add(out, offset, p + "w_mlp_in", c.dModel(), c.ffDim());
            add(out, offset, p + "b_mlp_in", c.ffDim());
            add(out, offset, p + "w_mlp_out", c.ffDim(), c.dModel());
            add(out, offset, p + "b_mlp_out", c.dModel());
        }
        add(out, offset, "final.ln_gain", c.dModel());
        add(out, offset, "final.ln_bias", c.dModel());
        add(out, offset, "final.w_unembed", c.dModel(), c.vocabSize());
        return out;
    }

    private static void add(Map<String, Tensor> out, int[] offset, String name, long... shape) {
        long size = 1;
        for (long s : shape) {
            size *= s;
        }
        if (offset[0] + size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("transformer too large for one flat parameter vector at tensor " + name);
        }
        out.put(name, new Tensor(name, shape, offset[0], (int) size));
        offset[0] += (int) size;
    }

    private static int totalSize(Map<String, Tensor> layout) {
        int total = 0;
        for (Tensor t : layout.values()) {
            total += t.size();
        }
        return total;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
