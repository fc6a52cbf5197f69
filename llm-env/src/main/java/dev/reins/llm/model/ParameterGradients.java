package dev.reins.llm.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradient buffers for the trainable parameters of a model, one array per tensor in the parameter's dtype.
 * Backward passes add into them, so several micro-batches accumulate before one optimizer step; the optimizer reads
 * them, and {@link #zero()} clears them for the next step.
 *
 * <pre>{@code
 * ParameterGradients grads = new ParameterGradients(model.parameters());
 * model.backward(batchA, weightsA, null, grads);
 * model.backward(batchB, weightsB, null, grads);      // accumulated
 * double norm = grads.clipGlobalNorm(1.0);
 * adamW.step(model.parameters(), grads, lr);
 * grads.zero();
 * }</pre>
 */
public final class ParameterGradients implements AutoCloseable {
    private final Map<String, INDArray> gradients = new LinkedHashMap<>();

    /** Zeroed buffers for every parameter that is trainable now. */
    public ParameterGradients(TransformerParameters parameters) {
        this(parameters.trainable());
    }

    /** Zeroed buffers for each of {@code trainable} (a model's trainable tensors and those of a head on it). */
    public ParameterGradients(java.util.List<Parameter> trainable) {
        for (Parameter p : trainable) {
            gradients.put(p.name(), p.value().ulike().assign(0));
        }
    }

    /** The buffer of a trainable parameter, or null when it is frozen (has none). */
    public INDArray get(String name) {
        return gradients.get(name);
    }

    public Collection<String> names() {
        return gradients.keySet();
    }

    /** Adds {@code gradient} to the buffer of {@code name} (a head adds its own gradient here). */
    public void add(String name, INDArray gradient) {
        INDArray g = gradients.get(name);
        if (g == null) {
            throw new IllegalStateException("no gradient buffer for '" + name + "': it was frozen when the buffers were made");
        }
        g.addi(gradient);
    }

    /** Adds {@code gradient} (C order, the tensor's length) to the buffer of {@code name}, in the buffer's dtype. */
    public void add(String name, double[] gradient) {
        INDArray g = gradients.get(name);
        if (g == null) {
            throw new IllegalStateException("no gradient buffer for '" + name + "': it was frozen when the buffers were made");
        }
        if (gradient.length != g.length()) {
            throw new IllegalArgumentException("gradient of '" + name + "' has " + gradient.length + " values, the tensor " + g.length());
        }
        java.nio.ByteBuffer b = NdArrays.bytes(g);
        if (g.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            for (int i = 0; i < gradient.length; i++) {
                b.putFloat(4 * i, (float) (b.getFloat(4 * i) + gradient[i]));
            }
        } else {
            for (int i = 0; i < gradient.length; i++) {
                b.putDouble(8 * i, b.getDouble(8 * i) + gradient[i]);
            }
        }
    }

    /** √(Σ g²) over every buffer, summed in float64 by a Java loop (one ND4J op per tensor cost more at small sizes). */
    public double globalNorm() {
        double sum = 0;
        for (INDArray g : gradients.values()) {
            java.nio.ByteBuffer b = NdArrays.bytes(g);
            long n = g.length();
            if (g.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
                for (int i = 0; i < n; i++) {
                    double gi = b.getFloat(4 * i);
                    sum += gi * gi;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    double gi = b.getDouble(8 * i);
                    sum += gi * gi;
                }
            }
        }
        return Math.sqrt(sum);
    }

    /** Multiplies every buffer by {@code factor} (gradient accumulation's 1/steps, or clipping). */
    public void scale(double factor) {
        for (INDArray g : gradients.values()) {
            g.muli(factor);
        }
    }

    /**
     * Scales the gradients so that their global norm is at most {@code maxNorm} (as PyTorch's
     * {@code clip_grad_norm_}) and returns the norm before clipping; a non-finite norm is returned as is, unscaled.
     */
    public double clipGlobalNorm(double maxNorm) {
        double norm = globalNorm();
        if (Double.isFinite(norm) && norm > maxNorm) {
            scale(maxNorm / (norm + 1e-6));
        }
        return norm;
    }

    /** Clears every buffer (one memset each). */
    public void zero() {
        for (INDArray g : gradients.values()) {
            org.bytedeco.javacpp.Pointer.memset(g.data().pointer(), 0, g.length() * g.dataType().width());
        }
    }

    @Override
    public void close() {
        NdArrays.closeAll(gradients.values());
        gradients.clear();
    }
}
