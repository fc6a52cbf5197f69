package dev.reins.llm.model;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Incremental decoding of a batch of rows over a KV cache: each {@link #step} feeds one token per row at the next
 * position and returns the logits for the position after it, computing only that token's queries, keys and values
 * and attending to the cached ones. The cache is one [batch, heads, context, head_dim] array per layer for keys and
 * one for values; a step writes its token's key and value into their slot in place, so a token costs no copy of the
 * cache. All rows advance together (row r's token at step t is at position t), so rows with prompts of different
 * lengths need no padding: a row feeds its own prompt tokens until they run out and its sampled tokens after that.
 *
 * <p>The cache lives in native memory: close the session when done (ND4J would otherwise free it only when the
 * garbage collector gets round to the wrappers).
 *
 * <pre>{@code
 * try (KvCacheSession s = model.startSession(2)) {
 *     double[] logits = s.step(new int[] {bos, bos});   // [2, vocab], predicts position 1
 *     logits = s.step(new int[] {tokenA, tokenB});
 * }
 * }</pre>
 */
public final class KvCacheSession implements AutoCloseable {
    private final Transformer model;
    private final SameDiff graph;
    private final TransformerConfig config;
    private final DataType dtype;
    private final int batch;
    private INDArray[] keys;
    private INDArray[] values;
    private final INDArray noKeyYet;
    private final INDArray[] masks;
    private int position;

    KvCacheSession(Transformer model, SameDiff graph, int batch) {
        this.model = model;
        this.graph = graph;
        this.config = model.config();
        this.dtype = model.dtype();
        this.batch = batch;
        this.keys = new INDArray[config.layers()];
        this.values = new INDArray[config.layers()];
        for (int l = 0; l < config.layers(); l++) {
            keys[l] = Nd4j.zeros(dtype, batch, config.heads(), config.contextLength(), config.headDim());
            values[l] = Nd4j.zeros(dtype, batch, config.heads(), config.contextLength(), config.headDim());
        }
        this.noKeyYet = Nd4j.valueArrayOf(new long[] {1, 1, 1, 1}, TransformerGraphs.MASKED, dtype);
        this.masks = new INDArray[config.contextLength() + 1];
    }

    public int batch() {
        return batch;
    }

    /** The position the next {@link #step} writes (the number of tokens fed so far). */
    public int position() {
        return position;
    }

    /**
     * Feeds one token per row and returns the next-token logits, row-major [batch, vocab].
     *
     * @throws IllegalStateException when the context is full
     */
    public double[] step(int[] tokens) {
        if (tokens.length != batch) {
            throw new IllegalArgumentException("step needs one token per row (" + batch + "), got " + tokens.length);
        }
        int ctx = config.contextLength();
        if (position >= ctx) {
            throw new IllegalStateException("the KV cache is full: context_length " + ctx + " tokens already fed");
        }
        int d = config.dModel();
        double[] input = new double[batch * d];
        for (int r = 0; r < batch; r++) {
            model.checkToken("row " + r, tokens[r]);
            model.embed(tokens[r], position, input, r * d);
        }
        Map<String, INDArray> feed = new HashMap<>();
        INDArray inputArray = NdArrays.create(input, new long[] {batch, d}, dtype);
        feed.put(TransformerGraphs.STEP_INPUT, inputArray);
        // The slots written so far (at the first step one empty slot, masked out).
        int slots = Math.max(1, position);
        feed.put(TransformerGraphs.STEP_KEY_MASK, position == 0 ? noKeyYet : mask(slots));
        String[] outputs = new String[1 + 2 * config.layers()];
        outputs[0] = TransformerGraphs.STEP_LOGITS;
        for (int l = 0; l < config.layers(); l++) {
            feed.put(TransformerGraphs.cacheKeyIn(l), written(keys[l], slots));
            feed.put(TransformerGraphs.cacheValueIn(l), written(values[l], slots));
            outputs[1 + 2 * l] = TransformerGraphs.newKey(l);
            outputs[2 + 2 * l] = TransformerGraphs.newValue(l);
        }
        model.memory().attach(graph);
        Map<String, INDArray> out = graph.output(feed, outputs);
        for (int l = 0; l < config.layers(); l++) {
            slot(keys[l]).assign(out.get(TransformerGraphs.newKey(l)).reshape(batch, config.heads(), config.headDim()));
            slot(values[l]).assign(out.get(TransformerGraphs.newValue(l)).reshape(batch, config.heads(), config.headDim()));
        }
        position++;
        double[] logits = NdArrays.toDoubles(out.get(TransformerGraphs.STEP_LOGITS));
        NdArrays.close(inputArray);
        model.memory().recycle();
        return logits;
    }

    /** Frees the cache. */
    @Override
    public void close() {
        for (int l = 0; l < config.layers(); l++) {
            NdArrays.close(keys[l]);
            NdArrays.close(values[l]);
        }
        NdArrays.close(noKeyYet);
        for (INDArray m : masks) {
            NdArrays.close(m);
        }
    }

    /** An all-zero key mask over {@code slots} slots (made once per length). */
    private INDArray mask(int slots) {
        if (masks[slots] == null) {
            masks[slots] = Nd4j.zeros(dtype, 1, 1, 1, slots);
        }
        return masks[slots];
    }

    /** The first {@code slots} slots of a [B, H, C, hd] cache, as a view. */
    private static INDArray written(INDArray cache, int slots) {
        return cache.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, slots), NDArrayIndex.all());
    }

    private INDArray slot(INDArray cache) {
        return cache.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(position), NDArrayIndex.all());
    }

    /**
     * Re-arranges the cache rows: row i becomes what row {@code sources[i]} was (beam search keeps the best
     * continuations, several of which may share a parent).
     */
    public void reorder(int[] sources) {
        if (sources.length != batch) {
            throw new IllegalArgumentException("reorder needs one source row per row (" + batch + "), got " + sources.length);
        }
        for (int r : sources) {
            if (r < 0 || r >= batch) {
                throw new IllegalArgumentException("reorder source row " + r + " is outside [0, " + batch + ")");
            }
        }
        for (int l = 0; l < config.layers(); l++) {
            INDArray oldKeys = keys[l];
            INDArray oldValues = values[l];
            keys[l] = pick(keys[l], sources);
            values[l] = pick(values[l], sources);
            NdArrays.close(oldKeys);
            NdArrays.close(oldValues);
        }
    }

    private static INDArray pick(INDArray a, int[] rows) {
        INDArray[] slices = new INDArray[rows.length];
        for (int i = 0; i < rows.length; i++) {
            slices[i] = a.slice(rows[i]).dup();
        }
        INDArray stacked = Nd4j.stack(0, slices);
        for (INDArray slice : slices) {
            NdArrays.close(slice);
        }
        return stacked;
    }
}
