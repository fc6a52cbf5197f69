package dev.reins.llm.model;

import java.util.Collection;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Creating and releasing the ND4J arrays that cross into and out of the SameDiff graphs. Their native memory is
 * otherwise freed only when the garbage collector collects the Java wrappers, which a large heap postpones for
 * long enough that a GRPO run grew past 2 GB; closing what we own keeps it bounded.
 */
public final class NdArrays {
    private NdArrays() {}

    /** A C-ordered array of {@code dtype} holding {@code data}, made without an intermediate copy. */
    public static INDArray create(double[] data, long[] shape, DataType dtype) {
        if (dtype == DataType.DOUBLE) {
            return Nd4j.create(data, shape, 'c');
        }
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return Nd4j.create(f, shape, 'c');
    }

    /** The values in C order as doubles. */
    public static double[] toDoubles(INDArray a) {
        if (a.ordering() == 'c' && !a.isView() && a.data().length() == a.length()) {
            return a.data().asDouble();
        }
        INDArray copy = a.dup('c');
        double[] out = copy.data().asDouble();
        close(copy);
        return out;
    }

    /**
     * A native-order byte view of a whole C-ordered array's buffer (no copy: writes go to the array), for loops in
     * Java over weights, gradients and optimizer state that would otherwise cost one ND4J op call each.
     *
     * @throws IllegalStateException for a view, a non-C order, or an array of more than 2 GB
     */
    public static java.nio.ByteBuffer bytes(INDArray a) {
        if (a.isView() || a.ordering() != 'c' || a.offset() != 0) {
            throw new IllegalStateException("a whole C-ordered array is needed here, got a " + (a.isView() ? "view" : a.ordering() + "-ordered array"));
        }
        if (a.length() * a.dataType().width() > Integer.MAX_VALUE) {
            throw new IllegalStateException("an array of " + a.length() + " elements is past the 2 GB a Java buffer view can address");
        }
        return a.data().asNio().order(java.nio.ByteOrder.nativeOrder());
    }

    /** Frees {@code a}'s native memory now (null, views and already closed arrays are skipped). */
    public static void close(INDArray a) {
        if (a != null && a.closeable() && !a.wasClosed()) {
            a.close();
        }
    }

    public static void closeAll(Collection<INDArray> arrays) {
        for (INDArray a : arrays) {
            close(a);
        }
    }
}
