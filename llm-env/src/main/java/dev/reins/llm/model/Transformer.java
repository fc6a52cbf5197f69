package dev.reins.llm.model;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A decoder-only transformer language model (pre-LN blocks, causal multi-head attention, GELU MLP, learned
 * position embeddings) computed with SameDiff, over a flat parameter vector.
 *
 * <p>Three things are asked of it: the teacher-forced log-prob (and entropy) of every next token of given
 * sequences, the parameter gradient of a loss given through its gradient with respect to those log-probs (the
 * way the shared surrogate loss hands gradients to networks), and one-token steps over a KV cache for generation.
 *
 * <pre>{@code
 * Transformer model = Transformer.create(new TransformerConfig(259, 16, 64, 2, 4, 256), 7);
 * Transformer.Scores s = model.score(List.of(new int[] {1, 50, 43, 51, 61}));
 * double logpOfToken2 = s.logProb(0, 1);   // log p(token[2] | token[0..1])
 * }</pre>
 */
public final class Transformer {
    private final TransformerParameters parameters;
    private final DataType dtype;
    private SameDiff teacherForced;
    private SameDiff step;
    private final Map<SameDiff, double[]> synced = new java.util.IdentityHashMap<>();

    /** A model over {@code parameters} (used live, not copied) computing in {@code dtype} (FLOAT or DOUBLE). */
    public Transformer(TransformerParameters parameters, DataType dtype) {
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("transformer dtype must be FLOAT or DOUBLE, got " + dtype);
        }
        this.parameters = parameters;
        this.dtype = dtype;
    }

    /** A freshly initialized float32 model. */
    public static Transformer create(TransformerConfig config, long seed) {
        return new Transformer(TransformerParameters.initialize(config, seed), DataType.FLOAT);
    }

    public TransformerConfig config() {
        return parameters.config();
    }

    public TransformerParameters parameters() {
        return parameters;
    }

    public DataType dtype() {
        return dtype;
    }

    /** An independent model with a copy of these parameters (a frozen reference policy). */
    public Transformer copy() {
        return new Transformer(parameters.copy(), dtype);
    }

    /**
     * Per-position scores of a batch: {@code logProb(r, i)} is log p(seq_r[i + 1] | seq_r[0..i]) and
     * {@code entropy(r, i)} the entropy of that next-token distribution, for i &lt; length(seq_r) − 1; other
     * entries are 0 (log-prob) or undefined. Arrays are row-major [rows, contextLength].
     */
    public record Scores(double[] logProbs, double[] entropies, int rows, int columns) {
        public double logProb(int row, int position) {
            return logProbs[row * columns + position];
        }

        public double entropy(int row, int position) {
            return entropies[row * columns + position];
        }
    }

    /** Scores plus the flat parameter gradient of Σ w·logp + Σ w_H·entropy. */
    public record ScoresAndGradient(Scores scores, double[] gradient) {}

    /** Teacher-forced log-probs and entropies of every next token of each sequence. */
    public Scores score(List<int[]> sequences) {
        Map<String, INDArray> feed = teacherForcedFeed(sequences, null, null);
        Map<String, INDArray> out = teacherForcedGraph().output(feed, TransformerGraphs.LOGP, TransformerGraphs.ENTROPY);
        Scores scores = new Scores(toDoubles(out.get(TransformerGraphs.LOGP)), toDoubles(out.get(TransformerGraphs.ENTROPY)),
                sequences.size(), config().contextLength());
        NdArrays.closeAll(feed.values());
        NdArrays.closeAll(out.values());
        return scores;
    }

    /**
     * Next-token logits after the last token of each sequence, row-major [rows, vocab], from one full-context forward
     * pass (no cache): the reference the KV-cache path is checked and benchmarked against.
     */
    public double[] lastLogits(List<int[]> sequences) {
        Map<String, INDArray> feed = teacherForcedFeed(sequences, null, null);
        Map<String, INDArray> out = teacherForcedGraph().output(feed, TransformerGraphs.LOGITS);
        double[] all = toDoubles(out.get(TransformerGraphs.LOGITS));
        int v = config().vocabSize();
        int ctx = config().contextLength();
        double[] last = new double[sequences.size() * v];
        for (int r = 0; r < sequences.size(); r++) {
            System.arraycopy(all, (r * ctx + sequences.get(r).length - 1) * v, last, r * v, v);
        }
        NdArrays.closeAll(feed.values());
        NdArrays.closeAll(out.values());
        return last;
    }

    /**
     * The scores of {@code sequences} and the gradient, with respect to the flat parameters, of
     * L = Σ logpWeights·logp + Σ entropyWeights·entropy (both arrays row-major [rows, contextLength], as in
     * {@link Scores}; {@code entropyWeights} may be null). A loss ℓ(logp) is differentiated by passing ∂ℓ/∂logp as
     * the weights: SFT's mean negative log-likelihood is weights −1/n on the completion positions.
     */
    public ScoresAndGradient gradient(List<int[]> sequences, double[] logpWeights, double[] entropyWeights) {
        int n = sequences.size() * config().contextLength();
        checkLength("logpWeights", logpWeights, n);
        if (entropyWeights != null) {
            checkLength("entropyWeights", entropyWeights, n);
        }
        Map<String, INDArray> feed = teacherForcedFeed(sequences, logpWeights, entropyWeights);
        List<String> names = new ArrayList<>();
        for (TransformerParameters.Tensor t : parameters.tensors()) {
            names.add(t.name());
        }
        OutAndGrad result = teacherForcedGraph().calculateGradientsAndOutputs(feed,
                List.of(TransformerGraphs.LOGP, TransformerGraphs.ENTROPY), names);
        double[] gradient = new double[parameters.size()];
        Map<String, INDArray> grads = result.getGradients();
        for (TransformerParameters.Tensor t : parameters.tensors()) {
            double[] data = NdArrays.toDoubles(grads.get(t.name()));
            System.arraycopy(data, 0, gradient, t.offset(), t.size());
        }
        Map<String, INDArray> outs = result.getOutputs();
        Scores scores = new Scores(toDoubles(outs.get(TransformerGraphs.LOGP)), toDoubles(outs.get(TransformerGraphs.ENTROPY)),
                sequences.size(), config().contextLength());
        NdArrays.closeAll(feed.values());
        NdArrays.closeAll(outs.values());
        NdArrays.closeAll(grads.values());
        return new ScoresAndGradient(scores, gradient);
    }

    /**
     * Starts incremental decoding of {@code batch} rows with an empty KV cache. The parameters are read now: later
     * changes to them do not reach this session.
     */
    public KvCacheSession startSession(int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("a decoding session needs batch > 0, got " + batch);
        }
        SameDiff graph = stepGraph();
        return new KvCacheSession(graph, config(), dtype, batch);
    }

    /** Writes config.json and weights.ckpt into {@code dir} (each file atomically). */
    public void save(Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        ModelFiles.writeConfig(dir.resolve(ModelFiles.CONFIG), config());
        CheckpointWriter w = new CheckpointWriter();
        for (TransformerParameters.Tensor t : parameters.tensors()) {
            double[] data = new double[t.size()];
            System.arraycopy(parameters.values(), t.offset(), data, 0, t.size());
            int[] shape = new int[t.shape().length];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = (int) t.shape()[i];
            }
            w.putDoubles(t.name(), data, shape);
        }
        w.writeTo(dir.resolve(ModelFiles.WEIGHTS));
    }

    /**
     * Loads a model saved by {@link #save}. A weights file whose tensors do not match the config's shapes fails
     * with the tensor's name, the shape found and the shape expected.
     */
    public static Transformer load(Path dir, DataType dtype) {
        TransformerConfig config = ModelFiles.readConfig(dir.resolve(ModelFiles.CONFIG));
        CheckpointReader in = CheckpointReader.read(dir.resolve(ModelFiles.WEIGHTS));
        TransformerParameters params = TransformerParameters.initialize(config, 0);
        for (TransformerParameters.Tensor t : params.tensors()) {
            if (!in.has(t.name())) {
                throw new IllegalArgumentException("model " + dir + ": weights file has no tensor '" + t.name()
                        + "' that config.json (" + config + ") needs");
            }
            int[] found = in.shape(t.name());
            long[] expected = t.shape();
            boolean same = found.length == expected.length;
            for (int i = 0; same && i < found.length; i++) {
                same = found[i] == expected[i];
            }
            if (!same) {
                throw new IllegalArgumentException("model " + dir + ": tensor '" + t.name() + "' has shape "
                        + java.util.Arrays.toString(found) + " but config.json (" + config + ") needs "
                        + java.util.Arrays.toString(expected));
            }
            System.arraycopy(in.doubles(t.name(), found), 0, params.values(), t.offset(), t.size());
        }
        return new Transformer(params, dtype);
    }

    private SameDiff teacherForcedGraph() {
        if (teacherForced == null) {
            teacherForced = quietly(() -> {
                SameDiff sd = TransformerGraphs.teacherForced(parameters, dtype);
                sd.createGradFunction(); // SameDiff prints one line per op here
                return sd;
            });
        }
        syncParameters(teacherForced);
        return teacherForced;
    }

    private SameDiff stepGraph() {
        if (step == null) {
            step = TransformerGraphs.step(parameters, dtype);
        }
        syncParameters(step);
        return step;
    }

    /**
     * Copies the flat parameters into the graph's variables (the flat vector is the one source of truth), unless
     * they equal what was copied last time: comparing 10⁵ doubles is far cheaper than the copy.
     */
    private void syncParameters(SameDiff sd) {
        double[] last = synced.get(sd);
        if (last != null && java.util.Arrays.equals(last, parameters.values())) {
            return;
        }
        for (TransformerParameters.Tensor t : parameters.tensors()) {
            INDArray values = TransformerGraphs.slice(parameters, t, dtype);
            sd.getVariable(t.name()).getArr().assign(values);
            NdArrays.close(values);
        }
        synced.put(sd, parameters.values().clone());
    }

    private Map<String, INDArray> teacherForcedFeed(List<int[]> sequences, double[] logpWeights, double[] entropyWeights) {
        TransformerConfig c = config();
        int rows = sequences.size();
        if (rows == 0) {
            throw new IllegalArgumentException("cannot score an empty batch of sequences");
        }
        int ctx = c.contextLength();
        int v = c.vocabSize();
        double[] tokens = new double[rows * ctx * v];
        double[] targets = new double[rows * ctx * v];
        for (int r = 0; r < rows; r++) {
            int[] seq = sequences.get(r);
            checkSequence(r, seq);
            for (int i = 0; i < seq.length; i++) {
                tokens[(r * ctx + i) * v + seq[i]] = 1;
                if (i + 1 < seq.length) {
                    targets[(r * ctx + i) * v + seq[i + 1]] = 1;
                }
            }
        }
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(TransformerGraphs.TOKENS, NdArrays.create(tokens, new long[] {rows, ctx, v}, dtype));
        feed.put(TransformerGraphs.TARGETS, NdArrays.create(targets, new long[] {rows, ctx, v}, dtype));
        double[] lw = logpWeights == null ? new double[rows * ctx] : logpWeights;
        double[] ew = entropyWeights == null ? new double[rows * ctx] : entropyWeights;
        feed.put(TransformerGraphs.LOGP_WEIGHTS, NdArrays.create(lw, new long[] {rows, ctx}, dtype));
        feed.put(TransformerGraphs.ENTROPY_WEIGHTS, NdArrays.create(ew, new long[] {rows, ctx}, dtype));
        return feed;
    }

    void checkSequence(int row, int[] seq) {
        TransformerConfig c = config();
        if (seq.length == 0 || seq.length > c.contextLength()) {
            throw new IllegalArgumentException("sequence " + row + " has " + seq.length
                    + " tokens; the model's context holds 1.." + c.contextLength());
        }
        for (int i = 0; i < seq.length; i++) {
            if (seq[i] < 0 || seq[i] >= c.vocabSize()) {
                throw new IllegalArgumentException("sequence " + row + " position " + i + ": token id " + seq[i]
                        + " is outside the vocabulary [0, " + c.vocabSize() + ")");
            }
        }
    }

    private static void checkLength(String name, double[] values, int n) {
        if (values == null || values.length != n) {
            throw new IllegalArgumentException(name + " must hold rows × context_length = " + n + " values, got "
                    + (values == null ? "null" : values.length));
        }
    }

    static double[] toDoubles(INDArray a) {
        return NdArrays.toDoubles(a);
    }

    private interface Build {
        SameDiff get();
    }

    /** Runs {@code build} with System.out silenced: SameDiff prints a line per op when it builds gradients. */
    private static synchronized SameDiff quietly(Build build) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return build.get();
        } finally {
            System.setOut(original);
        }
    }
}
