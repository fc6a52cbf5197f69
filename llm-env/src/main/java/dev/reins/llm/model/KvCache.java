package dev.reins.llm.model;

import java.nio.ByteBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The keys and values a {@link KvCacheSession} has computed, per layer laid out [row, head, slot, head_dim] in the
 * model's precision (float32 models keep float32 keys, float64 models float64), grown by doubling as the sequence
 * gets longer rather than sized for the whole context up front (at batch 16 a GPT-2-small context would be 1.2 GB of
 * float32 before the first token). It lives in native memory, as the weights do, under the process's native budget
 * rather than the Java heap (a GPT-2-small GRPO batch of 128 rows × 128 tokens holds 1.2 GB of keys and values); the
 * session reads it through byte views and frees it on close.
 */
final class KvCache implements AutoCloseable {
    final int layers;
    final int rows;
    final int heads;
    final int headDim;
    final int contextLength;
    private final DataType dtype;
    private final boolean float32;
    private final int width;
    private final INDArray[] arrays;
    /** The arrays a reorder copied out of, kept for the next reorder (beam search reorders every step). */
    private final INDArray[] spare;
    final ByteBuffer[] keys;
    final ByteBuffer[] values;
    int capacity;

    KvCache(DataType dtype, int layers, int rows, int heads, int headDim, int contextLength) {
        this.dtype = dtype;
        this.float32 = dtype == DataType.FLOAT;
        this.width = dtype.width();
        this.layers = layers;
        this.rows = rows;
        this.heads = heads;
        this.headDim = headDim;
        this.contextLength = contextLength;
        this.arrays = new INDArray[2 * layers];
        this.spare = new INDArray[2 * layers];
        this.keys = new ByteBuffer[layers];
        this.values = new ByteBuffer[layers];
    }

    /** Makes room for slot {@code slot}: capacity doubles (up to the context), keeping what is written. */
    void reserve(int slot) {
        if (slot < capacity) {
            return;
        }
        int grown = Math.min(contextLength, Math.max(16, Math.max(slot + 1, 2 * capacity)));
        int[] identity = new int[rows];
        for (int r = 0; r < rows; r++) {
            identity[r] = r;
        }
        rebuild(grown, identity);
    }

    /** Row i becomes what row {@code sources[i]} was. */
    void reorder(int[] sources) {
        rebuild(capacity, sources);
    }

    /**
     * Arrays of {@code newCapacity} slots whose row r holds the written slots of old row {@code sources[r]}. A reorder
     * copies into the spare arrays of the last reorder and keeps the old ones as the next spares, so beam search
     * allocates once rather than every step (fresh native memory costs its page faults here).
     */
    private void rebuild(int newCapacity, int[] sources) {
        long elements = (long) rows * heads * newCapacity * headDim;
        int oldBlock = capacity * headDim * width;
        int newBlock = newCapacity * headDim * width;
        boolean sameSize = newCapacity == capacity;
        for (int i = 0; i < arrays.length; i++) {
            INDArray target = sameSize && spare[i] != null ? spare[i] : Nd4j.createUninitializedDetached(dtype, Math.max(1, elements));
            ByteBuffer to = NdArrays.bytes(target);
            ByteBuffer from = i % 2 == 0 ? keys[i / 2] : values[i / 2];
            if (from != null) {
                for (int r = 0; r < rows; r++) {
                    for (int h = 0; h < heads; h++) {
                        to.put((r * heads + h) * newBlock, from, (sources[r] * heads + h) * oldBlock, oldBlock);
                    }
                }
            }
            if (sameSize) {
                spare[i] = arrays[i];
            } else {
                NdArrays.close(arrays[i]);
                NdArrays.close(spare[i]);
                spare[i] = null;
            }
            arrays[i] = target;
            if (i % 2 == 0) {
                keys[i / 2] = to;
            } else {
                values[i / 2] = to;
            }
        }
        capacity = newCapacity;
    }

    /** Element offset of (row, head, slot) in a layer's array. */
    int offset(int row, int head, int slot) {
        return ((row * heads + head) * capacity + slot) * headDim;
    }

    /** Writes key and value of (row, head) at {@code slot} from {@code qkv} (offsets of the key and of the value). */
    void write(int layer, int row, int head, int slot, double[] qkv, int keyOffset, int valueOffset) {
        int o = offset(row, head, slot);
        for (int i = 0; i < headDim; i++) {
            put(keys[layer], o + i, qkv[keyOffset + i]);
            put(values[layer], o + i, qkv[valueOffset + i]);
        }
    }

    /** {@code scores[s] = scale · q · key[s]} for the first {@code slots} slots of (row, head). */
    void scores(int layer, int row, int head, int slots, double[] q, int qOffset, double scale, double[] scores) {
        ByteBuffer k = keys[layer];
        int o = offset(row, head, 0);
        for (int s = 0; s < slots; s++, o += headDim) {
            double dot = 0;
            for (int i = 0; i < headDim; i++) {
                dot += q[qOffset + i] * get(k, o + i);
            }
            scores[s] = scale * dot;
        }
    }

    /** {@code out[outOffset + i] = Σ_s weights[s] · value[s][i]} over the first {@code slots} slots of (row, head). */
    void attend(int layer, int row, int head, int slots, double[] weights, double[] out, int outOffset) {
        ByteBuffer v = values[layer];
        int o = offset(row, head, 0);
        java.util.Arrays.fill(out, outOffset, outOffset + headDim, 0);
        for (int s = 0; s < slots; s++, o += headDim) {
            double w = weights[s];
            for (int i = 0; i < headDim; i++) {
                out[outOffset + i] += w * get(v, o + i);
            }
        }
    }

    /** Element {@code index} (in elements, not bytes) in the cache's precision. */
    private double get(ByteBuffer b, int index) {
        return float32 ? b.getFloat(4 * index) : b.getDouble(8 * index);
    }

    private void put(ByteBuffer b, int index, double value) {
        if (float32) {
            b.putFloat(4 * index, (float) value);
        } else {
            b.putDouble(8 * index, value);
        }
    }

    /** Frees the native arrays. */
    @Override
    public void close() {
        for (int i = 0; i < arrays.length; i++) {
            NdArrays.close(arrays[i]);
            NdArrays.close(spare[i]);
        }
    }
}
