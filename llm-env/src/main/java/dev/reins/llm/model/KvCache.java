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
abstract sealed class KvCache implements AutoCloseable permits KvCache.Float32, KvCache.Float64 {
    final int layers;
    final int rows;
    final int heads;
    final int headDim;
    final int contextLength;
    private final DataType dtype;
    private final int width;
    private final INDArray[] arrays;
    final ByteBuffer[] keys;
    final ByteBuffer[] values;
    int capacity;

    KvCache(DataType dtype, int layers, int rows, int heads, int headDim, int contextLength) {
        this.dtype = dtype;
        this.width = dtype.width();
        this.layers = layers;
        this.rows = rows;
        this.heads = heads;
        this.headDim = headDim;
        this.contextLength = contextLength;
        this.arrays = new INDArray[2 * layers];
        this.keys = new ByteBuffer[layers];
        this.values = new ByteBuffer[layers];
    }

    static KvCache create(DataType dtype, int layers, int rows, int heads, int headDim, int contextLength) {
        return dtype == DataType.FLOAT ? new Float32(layers, rows, heads, headDim, contextLength)
                : new Float64(layers, rows, heads, headDim, contextLength);
    }

    /** Makes room for slot {@code slot}: capacity doubles (up to the context), keeping what is written. */
    final void reserve(int slot) {
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
    final void reorder(int[] sources) {
        rebuild(capacity, sources);
    }

    /** New arrays of {@code newCapacity} slots whose row r holds the written slots of old row {@code sources[r]}. */
    private void rebuild(int newCapacity, int[] sources) {
        long elements = (long) rows * heads * newCapacity * headDim;
        int oldBlock = capacity * headDim * width;
        int newBlock = newCapacity * headDim * width;
        for (int l = 0; l < layers; l++) {
            for (int kv = 0; kv < 2; kv++) {
                INDArray fresh = Nd4j.createUninitializedDetached(dtype, Math.max(1, elements));
                ByteBuffer to = NdArrays.bytes(fresh);
                ByteBuffer from = kv == 0 ? keys[l] : values[l];
                if (from != null) {
                    for (int r = 0; r < rows; r++) {
                        for (int h = 0; h < heads; h++) {
                            to.put((r * heads + h) * newBlock, from, (sources[r] * heads + h) * oldBlock, oldBlock);
                        }
                    }
                }
                NdArrays.close(arrays[2 * l + kv]);
                arrays[2 * l + kv] = fresh;
                if (kv == 0) {
                    keys[l] = to;
                } else {
                    values[l] = to;
                }
            }
        }
        capacity = newCapacity;
    }

    /** Element offset of (row, head, slot) in a layer's array. */
    final int offset(int row, int head, int slot) {
        return ((row * heads + head) * capacity + slot) * headDim;
    }

    /** Writes key and value of (row, head) at {@code slot} from {@code qkv} (offsets of the key and of the value). */
    abstract void write(int layer, int row, int head, int slot, double[] qkv, int keyOffset, int valueOffset);

    /** {@code scores[s] = scale · q · key[s]} for the first {@code slots} slots of (row, head). */
    abstract void scores(int layer, int row, int head, int slots, double[] q, int qOffset, double scale, double[] scores);

    /** {@code out[outOffset + i] = Σ_s weights[s] · value[s][i]} over the first {@code slots} slots of (row, head). */
    abstract void attend(int layer, int row, int head, int slots, double[] weights, double[] out, int outOffset);

    /** Frees the native arrays. */
    @Override
    public final void close() {
        for (INDArray a : arrays) {
            NdArrays.close(a);
        }
    }

    static final class Float32 extends KvCache {
        Float32(int layers, int rows, int heads, int headDim, int contextLength) {
            super(DataType.FLOAT, layers, rows, heads, headDim, contextLength);
        }

        @Override
        void write(int layer, int row, int head, int slot, double[] qkv, int keyOffset, int valueOffset) {
            int o = 4 * offset(row, head, slot);
            for (int i = 0; i < headDim; i++) {
                keys[layer].putFloat(o + 4 * i, (float) qkv[keyOffset + i]);
                values[layer].putFloat(o + 4 * i, (float) qkv[valueOffset + i]);
            }
        }

        @Override
        void scores(int layer, int row, int head, int slots, double[] q, int qOffset, double scale, double[] scores) {
            ByteBuffer k = keys[layer];
            int o = 4 * offset(row, head, 0);
            for (int s = 0; s < slots; s++, o += 4 * headDim) {
                double dot = 0;
                for (int i = 0; i < headDim; i++) {
                    dot += q[qOffset + i] * k.getFloat(o + 4 * i);
                }
                scores[s] = scale * dot;
            }
        }

        @Override
        void attend(int layer, int row, int head, int slots, double[] weights, double[] out, int outOffset) {
            ByteBuffer v = values[layer];
            int o = 4 * offset(row, head, 0);
            java.util.Arrays.fill(out, outOffset, outOffset + headDim, 0);
            for (int s = 0; s < slots; s++, o += 4 * headDim) {
                double w = weights[s];
                for (int i = 0; i < headDim; i++) {
                    out[outOffset + i] += w * v.getFloat(o + 4 * i);
                }
            }
        }
    }

    static final class Float64 extends KvCache {
        Float64(int layers, int rows, int heads, int headDim, int contextLength) {
            super(DataType.DOUBLE, layers, rows, heads, headDim, contextLength);
        }

        @Override
        void write(int layer, int row, int head, int slot, double[] qkv, int keyOffset, int valueOffset) {
            int o = 8 * offset(row, head, slot);
            for (int i = 0; i < headDim; i++) {
                keys[layer].putDouble(o + 8 * i, qkv[keyOffset + i]);
                values[layer].putDouble(o + 8 * i, qkv[valueOffset + i]);
            }
        }

        @Override
        void scores(int layer, int row, int head, int slots, double[] q, int qOffset, double scale, double[] scores) {
            ByteBuffer k = keys[layer];
            int o = 8 * offset(row, head, 0);
            for (int s = 0; s < slots; s++, o += 8 * headDim) {
                double dot = 0;
                for (int i = 0; i < headDim; i++) {
                    dot += q[qOffset + i] * k.getDouble(o + 8 * i);
                }
                scores[s] = scale * dot;
            }
        }

        @Override
        void attend(int layer, int row, int head, int slots, double[] weights, double[] out, int outOffset) {
            ByteBuffer v = values[layer];
            int o = 8 * offset(row, head, 0);
            java.util.Arrays.fill(out, outOffset, outOffset + headDim, 0);
            for (int s = 0; s < slots; s++, o += 8 * headDim) {
                double w = weights[s];
                for (int i = 0; i < headDim; i++) {
                    out[outOffset + i] += w * v.getDouble(o + 8 * i);
                }
            }
        }
    }
}
