package dev.reins.llm.model;

/**
 * The keys and values a {@link KvCacheSession} has computed, per layer laid out [row, head, slot, head_dim] on the
 * Java heap in the model's precision (float32 models keep float32 keys, float64 models float64), grown by doubling
 * as the sequence gets longer rather than sized for the whole context up front (at batch 16 a GPT-2-small context
 * would be 1.2 GB of float32 before the first token).
 */
abstract sealed class KvCache permits KvCache.Float32, KvCache.Float64 {
    final int layers;
    final int rows;
    final int heads;
    final int headDim;
    final int contextLength;
    int capacity;

    KvCache(int layers, int rows, int heads, int headDim, int contextLength) {
        this.layers = layers;
        this.rows = rows;
        this.heads = heads;
        this.headDim = headDim;
        this.contextLength = contextLength;
    }

    static KvCache create(boolean float32, int layers, int rows, int heads, int headDim, int contextLength) {
        return float32 ? new Float32(layers, rows, heads, headDim, contextLength) : new Float64(layers, rows, heads, headDim, contextLength);
    }

    /** Makes room for slot {@code slot}: capacity doubles (up to the context), keeping what is written. */
    final void reserve(int slot) {
        if (slot < capacity) {
            return;
        }
        int grown = Math.min(contextLength, Math.max(16, Math.max(slot + 1, 2 * capacity)));
        resize(grown);
        capacity = grown;
    }

    /** Offset of (row, head, slot) in a layer's array. */
    final int offset(int row, int head, int slot) {
        return ((row * heads + head) * capacity + slot) * headDim;
    }

    /** Writes key and value of (row, head) at {@code slot} from {@code qkv} (offsets of the key and of the value). */
    abstract void write(int layer, int row, int head, int slot, double[] qkv, int keyOffset, int valueOffset);

    /** {@code scores[s] = scale · q · key[s]} for the first {@code slots} slots of (row, head). */
    abstract void scores(int layer, int row, int head, int slots, double[] q, int qOffset, double scale, double[] scores);

    /** {@code out[outOffset + i] = Σ_s weights[s] · value[s][i]} over the first {@code slots} slots of (row, head). */
    abstract void attend(int layer, int row, int head, int slots, double[] weights, double[] out, int outOffset);

    /** Row i becomes what row {@code sources[i]} was. */
    abstract void reorder(int[] sources);

    abstract void resize(int newCapacity);

    static final class Float32 extends KvCache {
        private float[][] keys;
        private float[][] values;

        Float32(int layers, int rows, int heads, int headDim, int contextLength) {
            super(layers, rows, heads, headDim, contextLength);
            keys = new float[layers][0];
            values = new float[layers][0];
        }

        @Override
        void write(int layer, int row, int head, int slot, double[] qkv, int keyOffset, int valueOffset) {
            int o = offset(row, head, slot);
            for (int i = 0; i < headDim; i++) {
                keys[layer][o + i] = (float) qkv[keyOffset + i];
                values[layer][o + i] = (float) qkv[valueOffset + i];
            }
        }

        @Override
        void scores(int layer, int row, int head, int slots, double[] q, int qOffset, double scale, double[] scores) {
            float[] k = keys[layer];
            int o = offset(row, head, 0);
            for (int s = 0; s < slots; s++, o += headDim) {
                double dot = 0;
                for (int i = 0; i < headDim; i++) {
                    dot += q[qOffset + i] * k[o + i];
                }
                scores[s] = scale * dot;
            }
        }

        @Override
        void attend(int layer, int row, int head, int slots, double[] weights, double[] out, int outOffset) {
            float[] v = values[layer];
            int o = offset(row, head, 0);
            java.util.Arrays.fill(out, outOffset, outOffset + headDim, 0);
            for (int s = 0; s < slots; s++, o += headDim) {
                double w = weights[s];
                for (int i = 0; i < headDim; i++) {
                    out[outOffset + i] += w * v[o + i];
                }
            }
        }

        @Override
        void reorder(int[] sources) {
            int block = heads * capacity * headDim;
            for (int l = 0; l < layers; l++) {
                keys[l] = pick(keys[l], sources, block);
                values[l] = pick(values[l], sources, block);
            }
        }

        private static float[] pick(float[] a, int[] sources, int block) {
            float[] out = new float[a.length];
            for (int r = 0; r < sources.length; r++) {
                System.arraycopy(a, sources[r] * block, out, r * block, block);
            }
            return out;
        }

        @Override
        void resize(int newCapacity) {
            for (int l = 0; l < layers; l++) {
                keys[l] = grow(keys[l], newCapacity);
                values[l] = grow(values[l], newCapacity);
            }
        }

        private float[] grow(float[] a, int newCapacity) {
            float[] out = new float[rows * heads * newCapacity * headDim];
            int kept = capacity * headDim;
            for (int rh = 0; rh < rows * heads; rh++) {
                System.arraycopy(a, rh * kept, out, rh * newCapacity * headDim, kept);
            }
            return out;
        }
    }

    static final class Float64 extends KvCache {
        private double[][] keys;
        private double[][] values;

        Float64(int layers, int rows, int heads, int headDim, int contextLength) {
            super(layers, rows, heads, headDim, contextLength);
            keys = new double[layers][0];
            values = new double[layers][0];
        }

        @Override
        void write(int layer, int row, int head, int slot, double[] qkv, int keyOffset, int valueOffset) {
            int o = offset(row, head, slot);
            System.arraycopy(qkv, keyOffset, keys[layer], o, headDim);
            System.arraycopy(qkv, valueOffset, values[layer], o, headDim);
        }

        @Override
        void scores(int layer, int row, int head, int slots, double[] q, int qOffset, double scale, double[] scores) {
            double[] k = keys[layer];
            int o = offset(row, head, 0);
            for (int s = 0; s < slots; s++, o += headDim) {
                double dot = 0;
                for (int i = 0; i < headDim; i++) {
                    dot += q[qOffset + i] * k[o + i];
                }
                scores[s] = scale * dot;
            }
        }

        @Override
        void attend(int layer, int row, int head, int slots, double[] weights, double[] out, int outOffset) {
            double[] v = values[layer];
            int o = offset(row, head, 0);
            java.util.Arrays.fill(out, outOffset, outOffset + headDim, 0);
            for (int s = 0; s < slots; s++, o += headDim) {
                double w = weights[s];
                for (int i = 0; i < headDim; i++) {
                    out[outOffset + i] += w * v[o + i];
                }
            }
        }

        @Override
        void reorder(int[] sources) {
            int block = heads * capacity * headDim;
            for (int l = 0; l < layers; l++) {
                keys[l] = pick(keys[l], sources, block);
                values[l] = pick(values[l], sources, block);
            }
        }

        private static double[] pick(double[] a, int[] sources, int block) {
            double[] out = new double[a.length];
            for (int r = 0; r < sources.length; r++) {
                System.arraycopy(a, sources[r] * block, out, r * block, block);
            }
            return out;
        }

        @Override
        void resize(int newCapacity) {
            for (int l = 0; l < layers; l++) {
                keys[l] = grow(keys[l], newCapacity);
                values[l] = grow(values[l], newCapacity);
            }
        }

        private double[] grow(double[] a, int newCapacity) {
            double[] out = new double[rows * heads * newCapacity * headDim];
            int kept = capacity * headDim;
            for (int rh = 0; rh < rows * heads; rh++) {
                System.arraycopy(a, rh * kept, out, rh * newCapacity * headDim, kept);
            }
            return out;
        }
    }
}
