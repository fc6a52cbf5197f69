package dev.reins.llm.model;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A whole transformer as plain serializable data: config, dtype, adapters, engine and every tensor's bytes with its
 * trainable flag. What a rollout worker on another JVM rebuilds its replica from ({@link #build}); the replica
 * computes what the original computes, bit for bit.
 *
 * <pre>{@code
 * TransformerImage image = TransformerImage.of(model);   // on the learner
 * Transformer replica = image.build();                    // on a worker
 * }</pre>
 *
 * @param tensors in the model's layout order
 */
public record TransformerImage(TransformerConfig config, DataType dtype, LoraConfig lora, Transformer.Engine engine,
        List<Tensor> tensors) implements Serializable {
    /** One tensor: its name, shape, whether it trains, and its values in native byte order. */
    public record Tensor(String name, long[] shape, boolean trainable, byte[] data) implements Serializable {}

    public TransformerImage {
        tensors = List.copyOf(tensors);
    }

    /** A copy of {@code model}'s current state. */
    public static TransformerImage of(Transformer model) {
        List<Tensor> tensors = new ArrayList<>();
        for (Parameter p : model.parameters().all()) {
            byte[] data = new byte[(int) (p.size() * p.value().dataType().width())];
            NdArrays.bytes(p.value()).get(data);
            tensors.add(new Tensor(p.name(), p.shape(), p.isTrainable(), data));
        }
        return new TransformerImage(model.config(), model.dtype(), model.parameters().lora(), model.engine(), tensors);
    }

    /** A new model with exactly this state. */
    public Transformer build() {
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            INDArray value = Nd4j.create(dtype, t.shape(), Nd4j.getStrides(t.shape(), 'c'), 'c');
            ByteBuffer target = NdArrays.bytes(value);
            if (target.remaining() != t.data().length) {
                throw new IllegalArgumentException("model image: tensor '" + t.name() + "' holds " + t.data().length + " bytes but its shape "
                        + java.util.Arrays.toString(t.shape()) + " in " + dtype + " needs " + target.remaining());
            }
            target.put(t.data());
            Parameter p = new Parameter(t.name(), value);
            p.setTrainable(t.trainable());
            parameters.put(t.name(), p);
        }
        Transformer model = new Transformer(TransformerParameters.restored(config, dtype, parameters, lora));
        model.setEngine(engine);
        return model;
    }
}
