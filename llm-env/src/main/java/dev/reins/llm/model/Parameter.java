package dev.reins.llm.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One named weight tensor of a model: its values live in an ND4J array that the SameDiff graphs read directly (no
 * copy per step) and optimizers update in place. A frozen parameter takes part in the forward pass but gets no
 * gradient and no optimizer state (a frozen reference or reward backbone, the base under LoRA adapters).
 *
 * <pre>{@code
 * Parameter wte = model.parameters().get("wte.weight");
 * wte.setTrainable(false);          // freeze the token embeddings
 * }</pre>
 */
public final class Parameter {
    private final String name;
    private final INDArray value;
    private boolean trainable = true;

    public Parameter(String name, INDArray value) {
        this.name = name;
        this.value = value;
    }

    /** The tensor's name in the Hugging Face GPT-2 layout, e.g. {@code h.0.attn.c_attn.weight}. */
    public String name() {
        return name;
    }

    /** The live values (not a copy). */
    public INDArray value() {
        return value;
    }

    public long[] shape() {
        return value.shape();
    }

    public long size() {
        return value.length();
    }

    public boolean isTrainable() {
        return trainable;
    }

    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }
}
