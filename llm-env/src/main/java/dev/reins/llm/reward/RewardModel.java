package dev.reins.llm.reward;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reins.core.checkpoint.AtomicDirectory;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.ModelFiles;
import dev.reins.llm.model.Parameter;
import dev.reins.llm.model.ParameterGradients;
import dev.reins.llm.model.ScalarHead;
import dev.reins.llm.model.TensorCheckpoints;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.tokenizer.Tokenizer;
import dev.reins.llm.tokenizer.TokenizerFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A learned reward model: a transformer backbone (a language model without its head) and a linear scalar head
 * {@code score.weight [1, d]} read at the last token — Hugging Face's {@code GPT2ForSequenceClassification} with one
 * label. A completion is scored as the token sequence prompt + completion (no end-of-text: whether a completion
 * stopped is the policy trainer's business, e.g. PPO's penalty for a missing stop token), which is what Hugging
 * Face's model scores too, since the saved config's {@code pad_token_id} is the end-of-text id.
 *
 * <p>A saved reward model is a directory ({@code config.json} with {@code architectures:
 * ["GPT2ForSequenceClassification"]}, {@code model.safetensors}, the tokenizer files) that
 * {@code GPT2ForSequenceClassification.from_pretrained} loads, and that {@link #load} turns back into a batched
 * {@link RewardFunction}.
 *
 * <pre>{@code
 * RewardModel rm = RewardModel.load(Path.of("runs/rm/model"));
 * double[] r = rm.rewards(examples, completions);      // one batched forward pass per 16 completions
 * }</pre>
 */
public final class RewardModel implements RewardFunction {
    /** The head's tensor name, as Hugging Face names a sequence classifier's output layer. */
    public static final String HEAD = "score.weight";
    private static final String HEAD_NAME = "score";
    /** Sequences scored per forward pass by {@link #scores}. */
    private static final int BATCH = 16;

    private final Tokenizer tokenizer;
    private final Transformer backbone;
    private final ScalarHead head;

    private RewardModel(Tokenizer tokenizer, Transformer backbone, ScalarHead head) {
        if (tokenizer.vocabSize() != backbone.config().vocabSize()) {
            throw new IllegalArgumentException("the tokenizer has " + tokenizer.vocabSize() + " ids but the reward model's vocab_size is "
                    + backbone.config().vocabSize());
        }
        this.tokenizer = tokenizer;
        this.backbone = backbone;
        this.head = head;
    }

    /**
     * A reward model on {@code lm}'s backbone (its arrays, not copies; the language-model head is dropped) with a
     * fresh head drawn uniformly from ±1/√d (PyTorch's default for a new linear layer, so first rewards are O(1)).
     */
    public static RewardModel fromLanguageModel(LanguageModel lm, long seed) {
        Transformer backbone = new Transformer(lm.transformer().parameters().withoutLanguageModelHead());
        return new RewardModel(lm.tokenizer(), backbone, ScalarHead.create(HEAD_NAME, backbone.config().dModel(), false, seed,
                backbone.dtype()));
    }

    /** Loads a reward-model directory in float32. */
    public static RewardModel load(Path dir) {
        return load(dir, DataType.FLOAT);
    }

    public static RewardModel load(Path dir, DataType dtype) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("reward model directory " + dir + " does not exist");
        }
        String architecture = ModelFiles.architecture(dir.resolve("config.json"));
        if (!architecture.equals(ModelFiles.CLASSIFIER_ARCHITECTURE)) {
            throw new IllegalArgumentException("model " + dir + " is not a reward model: its config.json names architecture '" + architecture
                    + "', a reward model is a " + ModelFiles.CLASSIFIER_ARCHITECTURE + " with one label (train one with reins llm rm)");
        }
        ModelFiles.Contents contents = ModelFiles.read(dir, dtype, Set.of(HEAD));
        Transformer backbone = new Transformer(contents.parameters());
        INDArray w = contents.heads().get(HEAD);
        long d = backbone.config().dModel();
        if (!Arrays.equals(w.shape(), new long[] {1, d})) {
            throw new IllegalArgumentException(dir + ": tensor '" + HEAD + "' has shape " + Arrays.toString(w.shape()) + "; a reward model "
                    + "has one label, so [1, " + d + "]");
        }
        return new RewardModel(TokenizerFiles.load(dir), backbone, new ScalarHead(new Parameter(HEAD, w.castTo(dtype).dup('c')), null));
    }

    /** Writes the directory atomically (LoRA adapters, if any, merged into the backbone's weights). */
    public void save(Path dir) throws IOException {
        ObjectNode extra = JsonNodeFactory.instance.objectNode();
        extra.putObject("id2label").put("0", "LABEL_0");
        extra.putObject("label2id").put("LABEL_0", 0);
        extra.put("pad_token_id", tokenizer.endOfText());
        AtomicDirectory.write(dir, staging -> {
            ModelFiles.write(staging, backbone.parameters(), ModelFiles.CLASSIFIER_ARCHITECTURE, Map.of(HEAD, head.weight().value()), extra);
            TokenizerFiles.save(tokenizer, staging);
        });
    }

    /** Writes the backbone's and the head's weights into a trainer's checkpoint under {@code prefix}. */
    public void saveWeights(CheckpointWriter out, String prefix) {
        TensorCheckpoints.putAll(out, prefix + "parameters.", backbone.parameters());
        TensorCheckpoints.put(out, prefix + "head", head.weight().value());
    }

    /** Reads back what {@link #saveWeights} wrote. */
    public void loadWeights(CheckpointReader in, String prefix) {
        TensorCheckpoints.getAll(in, prefix + "parameters.", backbone.parameters());
        TensorCheckpoints.get(in, prefix + "head", head.weight().value());
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public Transformer backbone() {
        return backbone;
    }

    public ScalarHead head() {
        return head;
    }

    /** The trainable tensors: the backbone's (all of them, or its LoRA adapters) and the head. */
    public List<Parameter> trainable() {
        List<Parameter> out = new ArrayList<>(backbone.parameters().trainable());
        head.parameters().stream().filter(Parameter::isTrainable).forEach(out::add);
        return out;
    }

    /** Freezes the whole reward model (a scorer for a policy trainer). */
    public void freeze() {
        backbone.parameters().freeze(name -> true);
        head.parameters().forEach(p -> p.setTrainable(false));
    }

    /** Rewards of one batch and the hidden states they were read from ([rows, d]), which the backward pass needs. */
    public record Forward(double[] rewards, double[] lastHidden) {}

    /** One forward pass over {@code sequences}: the head applied to each sequence's last hidden state. */
    public Forward forward(List<int[]> sequences) {
        int d = backbone.config().dModel();
        int columns = Transformer.columns(sequences);
        double[] hidden = backbone.hiddenStates(sequences);
        double[] w = head.weights();
        double[] rewards = new double[sequences.size()];
        double[] last = new double[sequences.size() * d];
        for (int r = 0; r < sequences.size(); r++) {
            int at = (r * columns + sequences.get(r).length - 1) * d;
            System.arraycopy(hidden, at, last, r * d, d);
            rewards[r] = head.apply(w, hidden, at);
        }
        return new Forward(rewards, last);
    }

    /**
     * Adds to {@code into} the gradient of Σ dRewards[r]·reward[r] with respect to the head and the backbone's
     * trainable tensors; {@code forward} is this batch's {@link #forward}.
     */
    public void backward(List<int[]> sequences, Forward forward, double[] dRewards, ParameterGradients into) {
        int d = backbone.config().dModel();
        int columns = Transformer.columns(sequences);
        double[] hiddenGradient = new double[sequences.size() * columns * d];
        ScalarHead.Gradient headGradient = head.gradient();
        for (int r = 0; r < sequences.size(); r++) {
            headGradient.backward(dRewards[r], forward.lastHidden(), r * d, hiddenGradient, (r * columns + sequences.get(r).length - 1) * d);
        }
        headGradient.addTo(into);
        if (!backbone.parameters().trainable().isEmpty()) {
            backbone.backwardThroughHidden(sequences, hiddenGradient, into);
        }
    }

    /** Rewards of token sequences (each the prompt's tokens then the completion's), in batches. */
    public double[] scores(List<int[]> sequences) {
        double[] out = new double[sequences.size()];
        for (int from = 0; from < sequences.size(); from += BATCH) {
            List<int[]> batch = sequences.subList(from, Math.min(sequences.size(), from + BATCH));
            System.arraycopy(forward(batch).rewards(), 0, out, from, batch.size());
        }
        return out;
    }

    /** The sequence a completion is scored as: the prompt's tokens, then the completion's. */
    public int[] sequence(String prompt, String completion) {
        int[] p = tokenizer.encode(prompt);
        int[] c = tokenizer.encode(completion);
        int[] seq = Arrays.copyOf(p, p.length + c.length);
        System.arraycopy(c, 0, seq, p.length, c.length);
        int context = backbone.config().contextLength();
        if (seq.length == 0 || seq.length > context) {
            throw new IllegalArgumentException("reward model: prompt " + p.length + " + completion " + c.length + " tokens = " + seq.length
                    + "; it scores 1.." + context + " tokens");
        }
        return seq;
    }

    @Override
    public double reward(PromptExample example, String completion) {
        return scores(List.of(sequence(example.prompt(), completion)))[0];
    }

    @Override
    public double[] rewards(List<PromptExample> examples, List<String> completions) {
        if (examples.size() != completions.size()) {
            throw new IllegalArgumentException("rewards needs one example per completion, got " + examples.size() + " and "
                    + completions.size());
        }
        List<int[]> sequences = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            sequences.add(sequence(examples.get(i).prompt(), completions.get(i)));
        }
        return scores(sequences);
    }
}
