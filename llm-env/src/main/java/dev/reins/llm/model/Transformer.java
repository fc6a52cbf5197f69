package dev.reins.llm.model;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A GPT-2 decoder-only transformer (pre-LN blocks, causal multi-head attention, tanh-GELU MLP, learned position
 * embeddings, unembedding tied to the token embedding unless the config unties it) computed with SameDiff over per-tensor
 * {@link TransformerParameters}.
 *
 * <p>What is asked of it: the teacher-forced log-prob (and entropy) of every next token of given sequences; the
 * parameter gradient of a loss given through its gradients with respect to those log-probs, entropies and the final
 * hidden states (how the shared surrogate loss, SFT's likelihood and value or reward heads all reach the weights);
 * and one-token steps over a KV cache for generation ({@link KvCacheSession}, plain Java). Batches are right-padded
 * to their longest sequence ({@link #width(int)}: exact up to 16 tokens, above that rounded up to a multiple of 8 so a
 * few graph widths serve every batch), never to the whole context.
 *
 * <pre>{@code
 * Transformer model = Transformer.create(new TransformerConfig(259, 16, 64, 2, 4, 256), 7);
 * Transformer.Scores s = model.score(List.of(new int[] {1, 50, 43, 51, 61}));
 * double logpOfToken2 = s.logProb(0, 1);   // log p(token[2] | token[0..1])
 *
 * ParameterGradients grads = new ParameterGradients(model.parameters());
 * model.backward(sequences, dLossDLogp, null, null, grads);
 * }</pre>
 */
public final class Transformer {
    /** Graph widths above two of these are multiples of it, so batches of similar lengths share one graph. */
    static final int WIDTH_STEP = 8;
    /** Teacher-forced graphs kept built at once (each is a few hundred ops; the weights are shared). */
    private static final int GRAPHS_KEPT = 8;

    private final TransformerParameters parameters;
    private final Map<String, SameDiff> teacherForced = new LinkedHashMap<>(8, 0.75f, true);
    /** The intermediates of every graph call, reused by the next calls instead of left to the garbage collector. */
    private final RecyclingMemory memory = new RecyclingMemory();
    private boolean gradientCheckpointing;
    private Engine engine = Engine.AUTO;

    /**
     * What computes the teacher-forced passes ({@link #score}, {@link #backward}, {@link #hiddenStates}, ...): the SameDiff
     * graphs, or {@code TeacherForcedJavaPass} (plain Java, float64, OpenBLAS products), which is the faster of the two
     * for small models, where a graph's ~330 op calls cost more than its arithmetic. Both compute the same function
     * (checked against each other to 1e-10 in float64 and to float32 rounding in float32, and each by finite
     * differences).
     *
     * <pre>{@code
     * Transformer model = Transformer.create(config, 0);   // Engine.AUTO
     * model.setEngine(Transformer.Engine.SAMEDIFF);        // e.g. to time the graphs on a small model
     * }</pre>
     */
    public enum Engine {
        /**
         * The Java pass for models of at most {@link #JAVA_MAX_PARAMETERS} parameters without adapters or checkpointing,
         * when the pass's activations fit in a quarter of the heap; SameDiff otherwise.
         */
        AUTO,
        SAMEDIFF,
        /** The Java pass whatever the size (not with LoRA adapters). */
        JAVA
    }

    /**
     * The largest model {@link Engine#AUTO} runs in Java: measured here (a backward pass of 1,024 tokens) the Java
     * pass was ~1.5× faster at 1M parameters and 1.1× slower at 3.7M.
     */
    public static final long JAVA_MAX_PARAMETERS = 2_000_000;

    /** A model over {@code parameters} (used live, not copied). */
    public Transformer(TransformerParameters parameters) {
        this.parameters = parameters;
    }

    /** A freshly initialized float32 model. */
    public static Transformer create(TransformerConfig config, long seed) {
        return new Transformer(TransformerParameters.initialize(config, seed, DataType.FLOAT));
    }

    public TransformerConfig config() {
        return parameters.config();
    }

    public TransformerParameters parameters() {
        return parameters;
    }

    public DataType dtype() {
        return parameters.dtype();
    }

    /**
     * Freezes the weights and adds LoRA adapters to the targeted modules; gradient buffers and optimizers made
     * afterwards see only the adapters. {@code seed} draws the adapters' A matrices.
     */
    public void addLora(LoraConfig lora, long seed) {
        parameters.addLora(lora, seed);
        dropGraphs();
    }

    /** Merges the adapters into the weights (outputs unchanged), leaving a plain, fully trainable model. */
    public void mergeLora() {
        parameters.mergeLora();
        dropGraphs();
    }

    private void dropGraphs() {
        teacherForced.clear();
    }

    /** An independent model with a copy of these parameters (a frozen reference policy). */
    public Transformer copy() {
        Transformer copy = new Transformer(parameters.copy());
        copy.engine = engine; // a reference scored by the other engine would differ by rounding from the start
        return copy;
    }

    /**
     * Per-position scores of a batch: {@code logProb(r, i)} is log p(seq_r[i + 1] | seq_r[0..i]) and
     * {@code entropy(r, i)} the entropy of that next-token distribution, for i &lt; length(seq_r) − 1; other entries
     * are 0. Arrays are row-major [rows, columns] with {@code columns} the longest sequence's length.
     */
    public record Scores(double[] logProbs, double[] entropies, int rows, int columns) {
        public double logProb(int row, int position) {
            return logProbs[row * columns + position];
        }

        public double entropy(int row, int position) {
            return entropies[row * columns + position];
        }
    }

    /** The longest sequence's length: the column count of {@link Scores} and of the weights of {@link #backward}. */
    public static int columns(List<int[]> sequences) {
        int w = 1;
        for (int[] s : sequences) {
            w = Math.max(w, s.length);
        }
        return w;
    }

    /** Teacher-forced log-probs and entropies of every next token of each sequence. */
    public Scores score(List<int[]> sequences) {
        return score(sequences, NextTokenDistribution.MODEL);
    }

    /**
     * Teacher-forced log-probs and entropies under a sampler's {@code distribution}: the logits divided by its
     * temperature and, when it truncates, renormalized over each position's top-k / top-p kept set (the target token
     * is always kept, so every log-prob is finite). A truncated distribution costs one extra forward pass to find the
     * kept sets.
     */
    public Scores score(List<int[]> sequences, NextTokenDistribution distribution) {
        return score(sequences, distribution, null);
    }

    /**
     * {@link #score(List, NextTokenDistribution)} of the next tokens of sequence r from position {@code scoredFrom[r]}
     * on — a completion's tokens after its prompt — when only those are read: the Java engine then skips the
     * head's softmax elsewhere and reports NaN there (SameDiff scores every position). Null scores every position.
     */
    public Scores score(List<int[]> sequences, NextTokenDistribution distribution, int[] scoredFrom) {
        checkScoredFrom(sequences, scoredFrom);
        if (runsInJava(sequences)) {
            return javaPass(sequences, distribution, true, scoredFrom).scores();
        }
        return forward(sequences, distribution,
                (batch, out) -> batch.scores(out.get(TransformerGraphs.LOGP), out.get(TransformerGraphs.ENTROPY)),
                TransformerGraphs.LOGP, TransformerGraphs.ENTROPY);
    }

    /**
     * Scores {@code sequences} as {@link #score(List, NextTokenDistribution)} does and keeps what one backward pass
     * over them needs, so that a loss computed from the scores is differentiated without a second forward pass: the
     * Java engine keeps its activations (a GRPO minibatch step then costs one forward instead of two); SameDiff runs
     * its graph again. Valid while the parameters are unchanged — take the backward before any optimizer step.
     *
     * <pre>{@code
     * Transformer.ScoredBatch b = model.scoreForBackward(sequences, distribution, promptLengthsMinusOne);
     * double[] w = dLossDLogp(b.scores());
     * b.backward(w, null, null, gradients);
     * }</pre>
     *
     * @param scoredFrom as in {@link #score(List, NextTokenDistribution, int[])} (null: every position); the loss may
     *     weigh only scored positions
     */
    public ScoredBatch scoreForBackward(List<int[]> sequences, NextTokenDistribution distribution, int[] scoredFrom) {
        checkScoredFrom(sequences, scoredFrom);
        if (runsInJava(sequences)) {
            TeacherForcedJavaPass pass = javaPass(sequences, distribution, true, scoredFrom);
            return new ScoredBatch(sequences, distribution, pass.scores(), pass);
        }
        return new ScoredBatch(sequences, distribution, score(sequences, distribution), null);
    }

    private static void checkScoredFrom(List<int[]> sequences, int[] scoredFrom) {
        if (scoredFrom == null) {
            return;
        }
        if (scoredFrom.length != sequences.size()) {
            throw new IllegalArgumentException("scoredFrom must hold one position per sequence (" + sequences.size() + "), got "
                    + scoredFrom.length);
        }
        for (int r = 0; r < scoredFrom.length; r++) {
            if (scoredFrom[r] < 0 || scoredFrom[r] >= sequences.get(r).length) {
                throw new IllegalArgumentException("scoredFrom[" + r + "] must be a position of sequence " + r + " (0 to "
                        + (sequences.get(r).length - 1) + "), got " + scoredFrom[r]);
            }
        }
    }

    /** A scored batch awaiting at most one backward pass ({@link #scoreForBackward}). */
    public final class ScoredBatch {
        private final List<int[]> sequences;
        private final NextTokenDistribution distribution;
        private final Scores scores;
        private TeacherForcedJavaPass pass;
        private boolean used;

        private ScoredBatch(List<int[]> sequences, NextTokenDistribution distribution, Scores scores, TeacherForcedJavaPass pass) {
            this.sequences = sequences;
            this.distribution = distribution;
            this.scores = scores;
            this.pass = pass;
        }

        public Scores scores() {
            return scores;
        }

        /**
         * {@link Transformer#backward(List, NextTokenDistribution, double[], double[], double[], ParameterGradients)}
         * of the scored sequences, from the kept forward pass when there is one; once per batch.
         */
        public void backward(double[] logpWeights, double[] entropyWeights, double[] hiddenGradient, ParameterGradients into) {
            if (used) {
                throw new IllegalStateException("this scored batch's backward pass was already taken");
            }
            used = true;
            if (pass == null) {
                Transformer.this.backward(sequences, distribution, logpWeights, entropyWeights, hiddenGradient, into);
                return;
            }
            checkBackwardInputs(sequences.size() * columns(sequences), logpWeights, entropyWeights, hiddenGradient);
            TeacherForcedJavaPass p = pass;
            pass = null; // its activations are garbage once used
            p.backward(logpWeights, entropyWeights, hiddenGradient, into);
        }
    }

    /**
     * The hidden states after the final layer norm, row-major [rows, columns, d] (zero past each row's end): what a
     * value or reward head reads.
     */
    public double[] hiddenStates(List<int[]> sequences) {
        if (runsInJava(sequences)) {
            return javaPass(sequences, NextTokenDistribution.MODEL, false).hiddenStates();
        }
        Batch batch = new Batch(sequences);
        Map<String, INDArray> feed = batch.feedHidden(null);
        SameDiff graph = hiddenGraph(batch.width);
        memory.attach(graph);
        Map<String, INDArray> out = graph.output(feed, TransformerGraphs.HIDDEN);
        try {
            return batch.unpad(out.get(TransformerGraphs.HIDDEN), config().dModel());
        } finally {
            NdArrays.closeAll(feed.values());
            memory.recycle();
        }
    }

    /**
     * Next-token logits after the last token of each sequence, row-major [rows, vocab], from one full forward pass
     * (no cache): the reference the KV-cache path is checked and benchmarked against.
     */
    public double[] lastLogits(List<int[]> sequences) {
        if (runsInJava(sequences)) {
            return javaPass(sequences, NextTokenDistribution.MODEL, true).lastLogits();
        }
        return forward(sequences, NextTokenDistribution.MODEL, (batch, out) -> {
            double[] all = NdArrays.toDoubles(out.get(TransformerGraphs.LOGITS));
            int v = config().vocabSize();
            double[] last = new double[sequences.size() * v];
            for (int r = 0; r < sequences.size(); r++) {
                System.arraycopy(all, (r * batch.width + sequences.get(r).length - 1) * v, last, r * v, v);
            }
            return last;
        }, TransformerGraphs.LOGITS);
    }

    /**
     * One teacher-forced forward pass for {@code outputs}, read by {@code read}; the fed arrays are closed and the
     * returned ones go back to the memory pool.
     */
    private <T> T forward(List<int[]> sequences, NextTokenDistribution distribution,
            java.util.function.BiFunction<Batch, Map<String, INDArray>, T> read, String... outputs) {
        Batch batch = new Batch(sequences);
        TransformerGraphs.Head head = head(distribution);
        Map<String, INDArray> feed = batch.feed(null, null, null);
        batch.feedDistribution(feed, distribution, head);
        SameDiff graph = graph(batch.width, head);
        memory.attach(graph);
        Map<String, INDArray> out = graph.output(feed, outputs);
        try {
            return read.apply(batch, out);
        } finally {
            NdArrays.closeAll(feed.values());
            memory.recycle();
        }
    }

    /**
     * Adds to {@code into} the gradient, with respect to every trainable parameter, of
     * L = Σ logpWeights·logp + Σ entropyWeights·entropy + Σ hiddenGradient·hidden, and returns the scores. Weights are
     * row-major [rows, {@link #columns}] as in {@link Scores}; {@code hiddenGradient} is [rows, columns, d]; either of
     * the last two may be null. A loss ℓ is differentiated by passing its partial derivatives: SFT's mean negative
     * log-likelihood is logp weights −1/n on the completion positions.
     */
    public Scores backward(List<int[]> sequences, double[] logpWeights, double[] entropyWeights, double[] hiddenGradient,
            ParameterGradients into) {
        return backward(sequences, NextTokenDistribution.MODEL, logpWeights, entropyWeights, hiddenGradient, into);
    }

    /**
     * {@link #backward(List, double[], double[], double[], ParameterGradients)} with log-probs and entropies under a
     * sampler's {@code distribution}, as {@link #score(List, NextTokenDistribution)} computes them.
     */
    public Scores backward(List<int[]> sequences, NextTokenDistribution distribution, double[] logpWeights, double[] entropyWeights,
            double[] hiddenGradient, ParameterGradients into) {
        Batch batch = new Batch(sequences);
        TransformerGraphs.Head head = head(distribution);
        checkBackwardInputs(sequences.size() * batch.columns, logpWeights, entropyWeights, hiddenGradient);
        if (runsInJava(sequences)) {
            TeacherForcedJavaPass pass = new TeacherForcedJavaPass(parameters, sequences, distribution);
            pass.forward(true);
            pass.backward(logpWeights, entropyWeights, hiddenGradient, into);
            return pass.scores();
        }
        Map<String, INDArray> feed = batch.feed(logpWeights, entropyWeights, hiddenGradient);
        batch.feedDistribution(feed, distribution, head);
        if (gradientCheckpointing) {
            return backwardCheckpointed(batch, head, feed, into);
        }
        Map<String, INDArray> outs = gradients(graph(batch.width, head), batch, feed, into,
                List.of(TransformerGraphs.LOGP, TransformerGraphs.ENTROPY), true).getOutputs();
        Scores scores = batch.scores(outs.get(TransformerGraphs.LOGP), outs.get(TransformerGraphs.ENTROPY));
        memory.recycle();
        return scores;
    }

    /**
     * Gradient checkpointing (Hugging Face's {@code gradient_checkpointing}): instead of one graph call that holds every
     * block's activations until the backward pass ends, runs the blocks forward one call each keeping only their inputs,
     * then the head's gradient call, then each block's gradient call from the top, which recomputes that block's
     * forward pass. A call then holds one block's intermediates (or the head's) at a time, for about one more forward
     * pass of compute. The results equal the one-graph pass's (checked to 1e-11 in float64). It applies to
     * {@link #backward}; {@link #backwardThroughHidden} (reward models, critics on their own backbone) still runs as one
     * graph.
     */
    public void setGradientCheckpointing(boolean on) {
        this.gradientCheckpointing = on;
        // A checkpointed step is 2·layers + 1 graph calls: keep what one step uses for the next.
        memory.idleCallsKept(on ? 2 * config().layers() + 1 + RecyclingMemory.IDLE_CALLS_KEPT : RecyclingMemory.IDLE_CALLS_KEPT);
    }

    public boolean gradientCheckpointing() {
        return gradientCheckpointing;
    }

    /** Picks what computes the teacher-forced passes (default {@link Engine#AUTO}). */
    public void setEngine(Engine engine) {
        this.engine = java.util.Objects.requireNonNull(engine, "engine");
    }

    public Engine engine() {
        return engine;
    }

    /** Whether a teacher-forced pass over {@code sequences} runs in Java, given this JVM's maximum heap. */
    boolean runsInJava(List<int[]> sequences) {
        return runsInJava(sequences, Runtime.getRuntime().maxMemory());
    }

    /**
     * Whether a pass over {@code sequences} runs in Java with a heap of {@code heapBytes}: under {@link Engine#AUTO},
     * a small model without adapters or checkpointing whose pass keeps at most a quarter of the heap (its activations
     * live on the Java heap: long sequences make the attention probabilities alone layers × positions × heads ×
     * length doubles). The choice is a function of the model, the batch and -Xmx, so a rerun makes the same choice.
     */
    boolean runsInJava(List<int[]> sequences, long heapBytes) {
        if (engine == Engine.SAMEDIFF) {
            return false;
        }
        if (parameters.lora() != null) {
            if (engine == Engine.JAVA) {
                throw new IllegalStateException("the Java engine has no LoRA adapters: merge them or use Engine.SAMEDIFF");
            }
            return false;
        }
        if (engine == Engine.JAVA) {
            return true;
        }
        long positions = 0;
        for (int[] s : sequences) {
            positions += s.length;
        }
        return !gradientCheckpointing && parameters.count() <= JAVA_MAX_PARAMETERS
                && TeacherForcedJavaPass.heapBytes(config(), positions, columns(sequences)) <= heapBytes / 4;
    }

    /** A forward pass in Java over checked {@code sequences}. */
    private TeacherForcedJavaPass javaPass(List<int[]> sequences, NextTokenDistribution distribution, boolean withHead) {
        return javaPass(sequences, distribution, withHead, null);
    }

    private TeacherForcedJavaPass javaPass(List<int[]> sequences, NextTokenDistribution distribution, boolean withHead,
            int[] scoredFrom) {
        new Batch(sequences); // validates
        TeacherForcedJavaPass pass = new TeacherForcedJavaPass(parameters, sequences, distribution, scoredFrom);
        pass.forward(withHead);
        return pass;
    }

    /** The checkpointed backward pass of {@code batch} under {@code head}, from the one-graph pass's {@code feed} (closed here). */
    private Scores backwardCheckpointed(Batch batch, TransformerGraphs.Head head, Map<String, INDArray> feed, ParameterGradients into) {
        int layers = config().layers();
        // Block inputs, kept (as copies: a call's arrays are reused by the next) for the backward pass.
        INDArray[] inputs = new INDArray[layers + 1];
        inputs[0] = feed.remove(TransformerGraphs.INPUT);
        SameDiff block = blockGraph(batch.width);
        List<String> blockNames = TransformerGraphs.blockTensorNames(parameters);
        for (int l = 0; l < layers; l++) {
            Map<String, INDArray> blockFeed = blockFeed(l, blockNames, inputs[l], null);
            memory.attach(block);
            inputs[l + 1] = block.output(blockFeed, TransformerGraphs.BLOCK_OUTPUT).get(TransformerGraphs.BLOCK_OUTPUT).dup();
            memory.recycle();
        }
        feed.put(TransformerGraphs.INPUT, inputs[layers]);
        OutAndGrad result = gradients(headGraph(batch.width, head), batch, feed, into,
                List.of(TransformerGraphs.LOGP, TransformerGraphs.ENTROPY), false);
        Map<String, INDArray> outs = result.getOutputs();
        Scores scores = batch.scores(outs.get(TransformerGraphs.LOGP), outs.get(TransformerGraphs.ENTROPY));
        INDArray gradient = result.getGradients().get(TransformerGraphs.INPUT).dup();
        memory.recycle();
        for (int l = layers - 1; l >= 0; l--) {
            Map<String, INDArray> blockFeed = blockFeed(l, blockNames, inputs[l], gradient);
            List<String> blockWanted = new ArrayList<>();
            blockWanted.add(TransformerGraphs.INPUT);
            for (String name : blockNames) {
                if (parameters.get("h." + l + "." + name).isTrainable()) {
                    blockWanted.add(TransformerGraphs.BLOCK + name);
                }
            }
            memory.attach(block);
            Map<String, INDArray> blockGrads = block.calculateGradientsAndOutputs(blockFeed, List.of(TransformerGraphs.BLOCK_OUTPUT),
                    blockWanted).getGradients();
            for (String name : blockWanted.subList(1, blockWanted.size())) {
                into.add("h." + l + "." + name.substring(TransformerGraphs.BLOCK.length()), blockGrads.get(name));
            }
            INDArray below = blockGrads.get(TransformerGraphs.INPUT).dup();
            memory.recycle();
            NdArrays.close(gradient);
            NdArrays.close(inputs[l + 1]);
            gradient = below;
        }
        if (into.get("wte.weight") != null || into.get("wpe.weight") != null) {
            batch.scatterEmbeddingGradients(gradient, null, into);
        }
        NdArrays.close(gradient);
        NdArrays.close(inputs[0]);
        return scores;
    }

    /** The block graph's feed for layer {@code l}: its input, its weights (the parameters' own arrays) and an output gradient. */
    private Map<String, INDArray> blockFeed(int l, List<String> names, INDArray input, INDArray outputGradient) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(TransformerGraphs.INPUT, input);
        for (String name : names) {
            feed.put(TransformerGraphs.BLOCK + name, parameters.get("h." + l + "." + name).value());
        }
        if (outputGradient != null) {
            feed.put(TransformerGraphs.OUTPUT_GRADIENT, outputGradient);
        }
        return feed;
    }

    /**
     * Adds to {@code into} the gradient of L = Σ hiddenGradient·hidden ([rows, columns, d], as
     * {@link #hiddenStates} lays them out) with respect to every trainable parameter the hidden states depend on,
     * without computing the language-model head: how a reward model or a critic on its own backbone trains.
     */
    public void backwardThroughHidden(List<int[]> sequences, double[] hiddenGradient, ParameterGradients into) {
        Batch batch = new Batch(sequences);
        checkLength("hiddenGradient", hiddenGradient, sequences.size() * batch.columns * config().dModel());
        if (runsInJava(sequences)) {
            TeacherForcedJavaPass pass = new TeacherForcedJavaPass(parameters, sequences, NextTokenDistribution.MODEL);
            pass.forward(false);
            pass.backward(null, null, hiddenGradient, into);
            return;
        }
        Map<String, INDArray> feed = batch.feedHidden(hiddenGradient);
        gradients(hiddenGraph(batch.width), batch, feed, into, List.of(), true);
        memory.recycle();
    }

    /**
     * Runs {@code graph}'s backward pass on {@code feed} (then closed), adds every parameter gradient to {@code into}
     * and scatter-adds the target rows' gradient into the unembedding. When {@code inputIsEmbeddings} the input's
     * gradient is scatter-added into the token and position embeddings too; otherwise (a checkpointed head, whose input
     * is the last block's output) it is always computed and left in the result for the caller. The outputs and
     * gradients are valid until the caller recycles the memory.
     */
    private OutAndGrad gradients(SameDiff graph, Batch batch, Map<String, INDArray> feed, ParameterGradients into,
            List<String> outputs, boolean inputIsEmbeddings) {
        List<String> wanted = new ArrayList<>();
        for (Parameter p : parameters.trainable()) {
            if (graph.hasVariable(p.name())) {
                wanted.add(p.name());
            }
        }
        boolean embeddings = into.get("wte.weight") != null || into.get("wpe.weight") != null
                || into.get(config().unembedding()) != null;
        boolean targets = graph.hasVariable(TransformerGraphs.TARGET_ROWS)
                && (inputIsEmbeddings ? embeddings : into.get(config().unembedding()) != null);
        if (embeddings || !inputIsEmbeddings) {
            wanted.add(TransformerGraphs.INPUT);
        }
        if (targets) {
            wanted.add(TransformerGraphs.TARGET_ROWS);
        }
        memory.attach(graph);
        OutAndGrad result = graph.calculateGradientsAndOutputs(feed, outputs, wanted);
        Map<String, INDArray> grads = result.getGradients();
        for (Parameter p : parameters.trainable()) {
            INDArray g = grads.get(p.name());
            if (g != null) {
                into.add(p.name(), g);
            }
        }
        if ((inputIsEmbeddings && embeddings) || targets) {
            batch.scatterEmbeddingGradients(inputIsEmbeddings ? grads.get(TransformerGraphs.INPUT) : null,
                    grads.get(TransformerGraphs.TARGET_ROWS), into);
        }
        NdArrays.closeAll(feed.values());
        return result;
    }

    /**
     * Starts incremental decoding of {@code batch} rows with an empty KV cache. The session reads the live
     * parameters, so it must not outlive an optimizer step that should not affect it.
     */
    public KvCacheSession startSession(int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("a decoding session needs batch > 0, got " + batch);
        }
        return new KvCacheSession(this, batch);
    }

    /**
     * Writes {@code config.json} and {@code model.safetensors} in Hugging Face's GPT-2 format into {@code dir}
     * (each file atomically); {@link LanguageModel#save} makes the whole directory appear at once.
     */
    public void save(java.nio.file.Path dir) throws java.io.IOException {
        ModelFiles.write(dir, parameters);
    }

    /**
     * Loads a Hugging Face GPT-2 model directory ({@code config.json} + {@code model.safetensors}, F32, F16, BF16 or
     * F64) into {@code dtype}. A missing or garbled file, an unsupported architecture or a tensor whose shape does not
     * match the config fails with the file, the tensor and what was expected.
     */
    public static Transformer load(java.nio.file.Path dir, DataType dtype) {
        return new Transformer(ModelFiles.read(dir, dtype));
    }

    /** Token embedding + position embedding of {@code token} at {@code position}, written to {@code out[offset..]}. */
    void embed(int token, int position, double[] out, int offset) {
        int d = config().dModel();
        DataBuffer wte = parameters.get("wte.weight").value().data();
        DataBuffer wpe = parameters.get("wpe.weight").value().data();
        long t = (long) token * d;
        long p = (long) position * d;
        for (int j = 0; j < d; j++) {
            out[offset + j] = wte.getDouble(t + j) + wpe.getDouble(p + j);
        }
    }

    RecyclingMemory memory() {
        return memory;
    }

    void checkToken(String where, int token) {
        if (token < 0 || token >= config().vocabSize()) {
            throw new IllegalArgumentException(where + ": token id " + token + " is outside the vocabulary [0, "
                    + config().vocabSize() + ")");
        }
    }

    /** The graph head that scores under {@code distribution}. */
    private TransformerGraphs.Head head(NextTokenDistribution distribution) {
        if (distribution.truncates(config().vocabSize())) {
            return TransformerGraphs.Head.TRUNCATED;
        }
        return distribution.temperature() == 1 ? TransformerGraphs.Head.MODEL : TransformerGraphs.Head.TEMPERED;
    }

    /** The teacher-forced graph of {@code width} with the language-model {@code head}. */
    private SameDiff graph(int width, TransformerGraphs.Head head) {
        return cachedGraph("full " + head + " " + width, () -> {
            SameDiff g = TransformerGraphs.teacherForced(parameters, width, head);
            // Placeholders get gradients only when named here; SameDiff prints one line per op while it builds them.
            g.createGradFunction(TransformerGraphs.INPUT, TransformerGraphs.TARGET_ROWS);
            return g;
        });
    }

    /** The teacher-forced graph of {@code width} without the language-model head. */
    private SameDiff hiddenGraph(int width) {
        return cachedGraph("hidden " + width, () -> {
            SameDiff g = TransformerGraphs.hiddenOnly(parameters, width);
            g.createGradFunction(TransformerGraphs.INPUT);
            return g;
        });
    }

    /** One block with its weights as placeholders (every layer runs it): the unit of a checkpointed backward pass. */
    private SameDiff blockGraph(int width) {
        return cachedGraph("block " + width, () -> {
            SameDiff g = TransformerGraphs.block(parameters, width);
            List<String> differentiable = new ArrayList<>();
            differentiable.add(TransformerGraphs.INPUT);
            for (String name : TransformerGraphs.blockTensorNames(parameters)) {
                differentiable.add(TransformerGraphs.BLOCK + name);
            }
            g.createGradFunction(differentiable.toArray(new String[0]));
            return g;
        });
    }

    /** The final layer norm and {@code head} over the last block's output (a checkpointed backward pass's top). */
    private SameDiff headGraph(int width, TransformerGraphs.Head head) {
        return cachedGraph("head " + head + " " + width, () -> {
            SameDiff g = TransformerGraphs.teacherForced(parameters, width, head, true);
            g.createGradFunction(TransformerGraphs.INPUT, TransformerGraphs.TARGET_ROWS);
            return g;
        });
    }

    private SameDiff cachedGraph(String key, Build build) {
        SameDiff sd = teacherForced.get(key);
        if (sd == null) {
            if (teacherForced.size() >= GRAPHS_KEPT) {
                String eldest = teacherForced.keySet().iterator().next();
                teacherForced.remove(eldest);
            }
            sd = quietly(build);
            teacherForced.put(key, sd);
        }
        return sd;
    }

    /**
     * The graph width for batches whose longest sequence has {@code columns} tokens: a multiple of {@link #WIDTH_STEP}
     * (so a few graphs serve batches of similar lengths), except up to two steps, where the padding would be most of
     * the work (a 9-token batch padded to 16 costs 78 % more), and never past the context.
     */
    int width(int columns) {
        int rounded = columns <= 2 * WIDTH_STEP ? columns : (columns + WIDTH_STEP - 1) / WIDTH_STEP * WIDTH_STEP;
        return Math.min(config().contextLength(), rounded);
    }

    /** A batch of sequences laid out for a teacher-forced graph, right-padded to {@link #width(int)}. */
    private final class Batch {
        final List<int[]> sequences;
        final int rows;
        final int columns;
        final int width;

        Batch(List<int[]> sequences) {
            if (sequences.isEmpty()) {
                throw new IllegalArgumentException("cannot score an empty batch of sequences");
            }
            for (int r = 0; r < sequences.size(); r++) {
                checkSequence(r, sequences.get(r));
            }
            this.sequences = sequences;
            this.rows = sequences.size();
            this.columns = columns(sequences);
            this.width = width(columns);
        }

        Map<String, INDArray> feed(double[] logpWeights, double[] entropyWeights, double[] hiddenGradient) {
            int d = config().dModel();
            DataType dtype = dtype();
            double[] input = new double[rows * width * d];
            double[] targets = new double[rows * width * d];
            double[] lw = new double[rows * width];
            double[] ew = new double[rows * width];
            double[] hg = new double[rows * width * d];
            DataBuffer unembedding = parameters.get(config().unembedding()).value().data();
            for (int r = 0; r < rows; r++) {
                int[] seq = sequences.get(r);
                for (int i = 0; i < width; i++) {
                    int at = (r * width + i) * d;
                    embed(i < seq.length ? seq[i] : 0, i, input, at);
                    if (i + 1 < seq.length) {
                        long row = (long) seq[i + 1] * d;
                        for (int j = 0; j < d; j++) {
                            targets[at + j] = unembedding.getDouble(row + j);
                        }
                        // Weights exist only where a next token does; entries past a row's end are ignored.
                        lw[r * width + i] = logpWeights == null ? 0 : logpWeights[r * columns + i];
                        ew[r * width + i] = entropyWeights == null ? 0 : entropyWeights[r * columns + i];
                    }
                    if (hiddenGradient != null && i < seq.length) {
                        System.arraycopy(hiddenGradient, (r * columns + i) * d, hg, at, d);
                    }
                }
            }
            Map<String, INDArray> feed = new HashMap<>();
            feed.put(TransformerGraphs.INPUT, NdArrays.create(input, new long[] {rows, width, d}, dtype));
            feed.put(TransformerGraphs.TARGET_ROWS, NdArrays.create(targets, new long[] {rows, width, d}, dtype));
            feed.put(TransformerGraphs.LOGP_WEIGHTS, NdArrays.create(lw, new long[] {rows, width}, dtype));
            feed.put(TransformerGraphs.ENTROPY_WEIGHTS, NdArrays.create(ew, new long[] {rows, width}, dtype));
            feed.put(TransformerGraphs.HIDDEN_GRADIENT, NdArrays.create(hg, new long[] {rows, width, d}, dtype));
            return feed;
        }

        /**
         * Adds the sampler's inputs for {@code head}: the inverse temperature and, truncated, the additive mask of
         * each position's kept set (found from this batch's logits; the target is always kept).
         */
        void feedDistribution(Map<String, INDArray> feed, NextTokenDistribution distribution, TransformerGraphs.Head head) {
            if (head == TransformerGraphs.Head.MODEL) {
                return;
            }
            feed.put(TransformerGraphs.INVERSE_TEMPERATURE, NdArrays.create(new double[] {1 / distribution.temperature()},
                    new long[] {1, 1}, dtype()));
            if (head != TransformerGraphs.Head.TRUNCATED) {
                return;
            }
            int v = config().vocabSize();
            double[] logits = forward(sequences, NextTokenDistribution.MODEL,
                    (b, out) -> NdArrays.toDoubles(out.get(TransformerGraphs.LOGITS)), TransformerGraphs.LOGITS);
            double[] mask = new double[rows * width * v];
            for (int r = 0; r < rows; r++) {
                int[] seq = sequences.get(r);
                for (int i = 0; i + 1 < seq.length; i++) {
                    int at = (r * width + i) * v;
                    double[] p = distribution.probabilities(logits, at, v);
                    for (int j = 0; j < v; j++) {
                        mask[at + j] = p[j] > 0 || j == seq[i + 1] ? 0 : TransformerGraphs.MASKED;
                    }
                }
            }
            feed.put(TransformerGraphs.LOGIT_MASK, NdArrays.create(mask, new long[] {(long) rows * width, v}, dtype()));
        }

        /** The feed of the hidden-only graph: embeddings and the hidden-state gradient (zero when null). */
        Map<String, INDArray> feedHidden(double[] hiddenGradient) {
            int d = config().dModel();
            double[] input = new double[rows * width * d];
            double[] hg = new double[rows * width * d];
            for (int r = 0; r < rows; r++) {
                int[] seq = sequences.get(r);
                for (int i = 0; i < width; i++) {
                    embed(i < seq.length ? seq[i] : 0, i, input, (r * width + i) * d);
                    if (hiddenGradient != null && i < seq.length) {
                        System.arraycopy(hiddenGradient, (r * columns + i) * d, hg, (r * width + i) * d, d);
                    }
                }
            }
            Map<String, INDArray> feed = new HashMap<>();
            feed.put(TransformerGraphs.INPUT, NdArrays.create(input, new long[] {rows, width, d}, dtype()));
            feed.put(TransformerGraphs.HIDDEN_GRADIENT, NdArrays.create(hg, new long[] {rows, width, d}, dtype()));
            return feed;
        }

        Scores scores(INDArray logp, INDArray entropy) {
            double[] lp = NdArrays.toDoubles(logp);
            double[] h = NdArrays.toDoubles(entropy);
            double[] outLogp = new double[rows * columns];
            double[] outEntropy = new double[rows * columns];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i + 1 < sequences.get(r).length; i++) {
                    outLogp[r * columns + i] = lp[r * width + i];
                    outEntropy[r * columns + i] = h[r * width + i];
                }
            }
            return new Scores(outLogp, outEntropy, rows, columns);
        }

        /** [rows, width, k] → [rows, columns, k], zero past each row's end. */
        double[] unpad(INDArray a, int k) {
            double[] all = NdArrays.toDoubles(a);
            double[] out = new double[rows * columns * k];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(all, r * width * k, out, r * columns * k, sequences.get(r).length * k);
            }
            return out;
        }

        /**
         * The embedding lookups happen outside the graph (SameDiff's gather gradient is wrong), so their gradients
         * are added here: each position's input gradient to its token's and its position's rows, each target row's
         * gradient to the target token's row of the tied embedding.
         */
        void scatterEmbeddingGradients(INDArray inputGradient, INDArray targetGradient, ParameterGradients into) {
            int d = config().dModel();
            double[] gi = inputGradient == null ? null : NdArrays.toDoubles(inputGradient);
            double[] gt = targetGradient == null ? null : NdArrays.toDoubles(targetGradient);
            INDArray wteGrad = into.get("wte.weight");
            INDArray wpeGrad = into.get("wpe.weight");
            INDArray unembeddingGrad = into.get(config().unembedding());
            // Written straight into the (C-ordered, unshared) buffers: only the rows that occur are touched.
            DataBuffer tokenRows = wteGrad == null || gi == null ? null : wteGrad.data();
            DataBuffer positionRows = wpeGrad == null || gi == null ? null : wpeGrad.data();
            DataBuffer targetRows = unembeddingGrad == null || gt == null ? null : unembeddingGrad.data();
            for (int r = 0; r < rows; r++) {
                int[] seq = sequences.get(r);
                for (int i = 0; i < seq.length; i++) {
                    int at = (r * width + i) * d;
                    if (tokenRows != null) {
                        addRow(tokenRows, (long) seq[i] * d, gi, at, d);
                    }
                    if (targetRows != null && i + 1 < seq.length) {
                        addRow(targetRows, (long) seq[i + 1] * d, gt, at, d);
                    }
                    if (positionRows != null) {
                        addRow(positionRows, (long) i * d, gi, at, d);
                    }
                }
            }
        }
    }

    private static void addRow(DataBuffer target, long offset, double[] values, int from, int d) {
        for (int j = 0; j < d; j++) {
            target.put(offset + j, target.getDouble(offset + j) + values[from + j]);
        }
    }

    void checkSequence(int row, int[] seq) {
        TransformerConfig c = config();
        if (seq.length == 0 || seq.length > c.contextLength()) {
            throw new IllegalArgumentException("sequence " + row + " has " + seq.length
                    + " tokens; the model's context holds 1.." + c.contextLength());
        }
        for (int i = 0; i < seq.length; i++) {
            checkToken("sequence " + row + " position " + i, seq[i]);
        }
    }

    /** The loss weights ({@code n} = rows × columns) and the optional hidden-state gradient have the batch's sizes. */
    private void checkBackwardInputs(int n, double[] logpWeights, double[] entropyWeights, double[] hiddenGradient) {
        checkLength("logpWeights", logpWeights, n);
        if (entropyWeights != null) {
            checkLength("entropyWeights", entropyWeights, n);
        }
        if (hiddenGradient != null) {
            checkLength("hiddenGradient", hiddenGradient, n * config().dModel());
        }
    }

    private static void checkLength(String name, double[] values, int n) {
        if (values == null || values.length != n) {
            throw new IllegalArgumentException(name + " must hold " + n + " values (rows × columns"
                    + (name.equals("hiddenGradient") ? " × d_model" : "") + "), got " + (values == null ? "null" : values.length));
        }
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
