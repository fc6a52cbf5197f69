package dev.reins.llm.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The trainable tensors of a model as one byte array, and back: what a learner sends its rollout workers each round
 * (the frozen tensors they already hold). Values travel as their raw bytes, so the replica's weights equal the
 * learner's bit for bit. Layout: byte order (1 = little-endian), tensor count, then per tensor its byte length and
 * bytes.
 *
 * <pre>{@code
 * byte[] w = TrainableWeights.encode(learner);
 * TrainableWeights.load(replica, w);
 * }</pre>
 */
public final class TrainableWeights {
    private TrainableWeights() {}

    public static byte[] encode(Transformer model) {
        List<Parameter> trainable = model.parameters().trainable();
        long size = 5;
        for (Parameter p : trainable) {
            size += 4 + p.size() * p.value().dataType().width();
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("the trainable weights (" + size + " bytes) are past the 2 GB one transfer can hold; "
                    + "train LoRA adapters (--lora) to send only those");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.put((byte) (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 1 : 0));
        out.putInt(trainable.size());
        for (Parameter p : trainable) {
            ByteBuffer data = NdArrays.bytes(p.value());
            out.putInt(data.remaining());
            out.put(data);
        }
        return out.array();
    }

    /** Writes {@code weights} into {@code model}'s trainable tensors, which must have the encoded model's shapes. */
    public static void load(Transformer model, byte[] weights) {
        ByteBuffer in = ByteBuffer.wrap(weights);
        boolean little = in.get() == 1;
        if (little != (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN)) {
            throw new IllegalStateException("weights were encoded on a machine of the other byte order; rollout workers need the "
                    + "learner's");
        }
        List<Parameter> trainable = model.parameters().trainable();
        int count = in.getInt();
        if (count != trainable.size()) {
            throw new IllegalArgumentException("weights hold " + count + " trainable tensors, the model has " + trainable.size());
        }
        for (Parameter p : trainable) {
            ByteBuffer target = NdArrays.bytes(p.value());
            int length = in.getInt();
            if (length != target.remaining()) {
                throw new IllegalArgumentException("weights: tensor '" + p.name() + "' arrives with " + length + " bytes, the model's has "
                        + target.remaining());
            }
            target.put(weights, in.position(), length);
            in.position(in.position() + length);
        }
    }
}
