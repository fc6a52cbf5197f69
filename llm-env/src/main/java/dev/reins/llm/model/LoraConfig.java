package dev.reins.llm.model;

import java.util.List;
import java.util.Set;

/**
 * Low-rank adapters (Hu et al., 2021) as PEFT configures them for GPT-2: each targeted Conv1D module {@code M}
 * (weight [in, out]) gains {@code M.lora_A.weight} [r, in] and {@code M.lora_B.weight} [out, r], and computes
 * x·W + b + (α/r)·(x·Aᵀ)·Bᵀ. A starts Kaiming-uniform and B at zero, so a fresh adapter changes nothing.
 *
 * <pre>{@code
 * LoraConfig lora = LoraConfig.parse("r=8,alpha=16,targets=c_attn,c_proj");
 * model.parameters().addLora(lora, seed);      // freezes the base, adds trainable adapters
 * }</pre>
 *
 * @param rank r, the adapters' inner width
 * @param alpha α; the update is scaled by α / r
 * @param targets module names whose every occurrence gets an adapter: {@code c_attn}, {@code c_proj} (attention and
 *     MLP output projections), {@code c_fc}
 */
public record LoraConfig(int rank, double alpha, List<String> targets) implements java.io.Serializable {
    /** The Conv1D modules of GPT-2 an adapter can target. */
    public static final Set<String> MODULES = Set.of("c_attn", "c_proj", "c_fc");

    public LoraConfig {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA r must be > 0, got " + rank);
        }
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("LoRA alpha must be > 0, got " + alpha);
        }
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("LoRA needs at least one target module of " + MODULES);
        }
        for (String t : targets) {
            if (!MODULES.contains(t)) {
                throw new IllegalArgumentException("LoRA target '" + t + "' is not a GPT-2 module; choose from " + MODULES);
            }
        }
        targets = List.copyOf(targets);
    }

    /** α / r. */
    public double scale() {
        return alpha / rank;
    }

    /** Whether the module named {@code module} (e.g. {@code h.0.attn.c_attn}) gets an adapter. */
    public boolean targets(String module) {
        return targets.contains(module.substring(module.lastIndexOf('.') + 1));
    }

    /**
     * Reads {@code r=8,alpha=16,targets=c_attn,c_proj} (r required; alpha defaults to 2r as a common choice,
     * targets to c_attn): keys separated by commas, the values of {@code targets} too.
     */
    public static LoraConfig parse(String spec) {
        Integer rank = null;
        Double alpha = null;
        List<String> targets = new java.util.ArrayList<>();
        String key = null;
        for (String part : spec.split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq < 0) {
                if (!"targets".equals(key) || p.isEmpty()) {
                    throw new IllegalArgumentException("--lora: '" + p + "' is not key=value (expected r=8,alpha=16,targets=c_attn,c_proj)");
                }
                targets.add(p);
                continue;
            }
            key = p.substring(0, eq).strip();
            String value = p.substring(eq + 1).strip();
            try {
                switch (key) {
                    case "r" -> rank = Integer.parseInt(value);
                    case "alpha" -> alpha = Double.parseDouble(value);
                    case "targets" -> targets.add(value);
                    default -> throw new IllegalArgumentException("--lora: unknown key '" + key + "'; keys are r, alpha, targets");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--lora: " + key + " must be a number, got '" + value + "'");
            }
        }
        if (rank == null) {
            throw new IllegalArgumentException("--lora needs r (e.g. r=8,alpha=16,targets=c_attn,c_proj), got '" + spec + "'");
        }
        return new LoraConfig(rank, alpha == null ? 2.0 * rank : alpha, targets.isEmpty() ? List.of("c_attn") : targets);
    }
}
