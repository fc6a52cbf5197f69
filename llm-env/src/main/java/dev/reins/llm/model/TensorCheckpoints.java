package dev.reins.llm.model;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J arrays in Reins checkpoints, exactly (float32 as float32, float64 as float64), so a trainer's resume is bit
 * for bit: model parameters and optimizer moments of a trainer state.
 */
public final class TensorCheckpoints {
    private TensorCheckpoints() {}

    public static void put(CheckpointWriter out, String key, INDArray a) {
        int n = Math.toIntExact(a.length());
        INDArray c = a.dup('c');
        if (a.dataType() == DataType.DOUBLE) {
            out.putDoubles(key, c.data().asDouble(), n);
        } else {
            out.putFloats(key, c.data().asFloat(), n);
        }
        NdArrays.close(c);
    }

    /** Reads {@code key} into {@code into} in place; the stored length must match. */
    public static void get(CheckpointReader in, String key, INDArray into) {
        int n = Math.toIntExact(into.length());
        INDArray a = into.dataType() == DataType.DOUBLE ? Nd4j.create(in.doubles(key, n), into.shape(), 'c')
                : Nd4j.create(in.floats(key, n), into.shape(), 'c');
        into.assign(a);
        NdArrays.close(a);
    }

    /** Every parameter of {@code parameters} under {@code prefix}. */
    public static void putAll(CheckpointWriter out, String prefix, TransformerParameters parameters) {
        for (Parameter p : parameters.all()) {
            put(out, prefix + p.name(), p.value());
        }
    }

    public static void getAll(CheckpointReader in, String prefix, TransformerParameters parameters) {
        for (Parameter p : parameters.all()) {
            get(in, prefix + p.name(), p.value());
        }
    }
}
