package dev.reins.llm.model;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Incremental decoding of a batch of rows over a KV cache: each {@link #step} feeds one token per row at the next
 * position and returns the logits for the position after it, computing only that token's queries, keys and values
 * and attending to the cached ones. All rows advance together (row r's token at step t is at position t), so rows
 * with prompts of different lengths need no padding: a row simply feeds its own prompt token until its prompt is
 * exhausted and its sampled tokens after that.
 *
 * <pre>{@code
 * KvCacheSession s = model.startSession(2);
 * double[] logits = s.step(new int[] {bos, bos});       // [2, vocab], predicts position 1
 * logits = s.step(new int[] {tokenA, tokenB});
 * }</pre>
 */
public final class KvCacheSession {
    private final SameDiff graph;
    private final TransformerConfig config;
    private final DataType dtype;
    private final int batch;
    private final INDArray[] keys;
    private final INDArray[] values;
    private int position;

    KvCacheSession(SameDiff graph, TransformerConfig config, DataType dtype, int batch) {
        this.graph = graph;
        this.config = config;
        this.dtype = dtype;
        this.batch = batch;
        this.keys = new INDArray[config.layers()];
        this.values = new INDArray[config.layers()];
        for (int l = 0; l < config.layers(); l++) {
            keys[l] = Nd4j.zeros(dtype, batch, config.heads(), config.contextLength(), config.headDim());
            values[l] = Nd4j.zeros(dtype, batch, config.heads(), config.contextLength(), config.headDim());
        }
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
        int v = config.vocabSize();
        double[] oneHot = new double[batch * v];
        double[] pos = new double[batch * ctx];
        double[] mask = new double[batch * ctx];
        for (int r = 0; r < batch; r++) {
            if (tokens[r] < 0 || tokens[r] >= v) {
                throw new IllegalArgumentException("row " + r + ": token id " + tokens[r] + " is outside the vocabulary [0, "
                        + v + ")");
            }
            oneHot[r * v + tokens[r]] = 1;
            pos[r * ctx + position] = 1;
            for (int j = position + 1; j < ctx; j++) {
                mask[r * ctx + j] = TransformerGraphs.MASKED;
            }
        }
        Map<String, INDArray> feed = new HashMap<>();
        INDArray tokenArray = NdArrays.create(oneHot, new long[] {batch, v}, dtype);
        INDArray positionArray = NdArrays.create(pos, new long[] {batch, ctx}, dtype);
        INDArray maskArray = NdArrays.create(mask, new long[] {batch, ctx}, dtype);
        feed.put(TransformerGraphs.STEP_TOKEN, tokenArray);
        feed.put(TransformerGraphs.STEP_POSITION, positionArray);
        feed.put(TransformerGraphs.STEP_KEY_MASK, maskArray);
        String[] outputs = new String[1 + 2 * config.layers()];
        outputs[0] = TransformerGraphs.STEP_LOGITS;
        for (int l = 0; l < config.layers(); l++) {
            feed.put(TransformerGraphs.cacheKeyIn(l), keys[l]);
            feed.put(TransformerGraphs.cacheValueIn(l), values[l]);
            outputs[1 + 2 * l] = TransformerGraphs.cacheKeyOut(l);
            outputs[2 + 2 * l] = TransformerGraphs.cacheValueOut(l);
        }
        Map<String, INDArray> out = graph.output(feed, outputs);
        for (int l = 0; l < config.layers(); l++) {
            INDArray oldKeys = keys[l];
            INDArray oldValues = values[l];
            keys[l] = out.get(TransformerGraphs.cacheKeyOut(l)).dup();
            values[l] = out.get(TransformerGraphs.cacheValueOut(l)).dup();
            NdArrays.close(oldKeys);
            NdArrays.close(oldValues);
        }
        position++;
        double[] logits = Transformer.toDoubles(out.get(TransformerGraphs.STEP_LOGITS));
        NdArrays.close(tokenArray);
        NdArrays.close(positionArray);
        NdArrays.close(maskArray);
        NdArrays.closeAll(out.values());
        return logits;
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
