package dev.reins.llm.sft;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.llm.data.Conversation;
import dev.reins.llm.data.PromptCompletion;
import dev.reins.llm.data.SftExample;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.ParameterGradients;
import dev.reins.llm.model.TensorCheckpoints;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.optim.AdamW;
import dev.reins.llm.tokenizer.ChatTemplate;
import dev.reins.llm.train.Divergence;
import dev.reins.llm.train.FixedStepTrainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Supervised fine-tuning: maximize the log-likelihood of each completion (and the end-of-text after it) given its
 * prompt. Prompt tokens are context only — the loss is the mean negative log-prob over completion tokens. A
 * {@link Conversation} is rendered in ChatML and trains on its assistant tokens only (each assistant message and its
 * {@code <|im_end|>}; TRL's {@code assistant_only_loss}).
 *
 * <pre>{@code
 * SftTrainer sft = new SftTrainer(lm, train, heldOut, new SftConfig(1500, 64, 1e-3, 100, 1.0, 250), 0L);
 * while (!sft.finished()) {
 *     Map<String, Double> m = sft.step();          // step, loss, learning_rate, grad_norm, completion_tokens, ...
 * }
 * double perplexity = Math.exp(sft.evalLoss());
 * }</pre>
 */
public final class SftTrainer extends FixedStepTrainer {
    private static final List<String> COLUMNS = List.of("step", "loss", "learning_rate", "grad_norm", "completion_tokens",
            "tokens_per_second", "eval_loss", "eval_perplexity");

    private final LanguageModel lm;
    private final SftConfig config;
    private final List<int[]> trainSequences;
    private final List<boolean[]> trainTargets;
    private final List<int[]> evalSequences;
    private final List<boolean[]> evalTargets;
    private final AdamW optimizer;
    private final ParameterGradients gradients;
    private long tokensTrained;

    public SftTrainer(LanguageModel lm, List<? extends SftExample> train, List<? extends SftExample> eval, SftConfig config, long seed) {
        super(config.steps(), config.evalEvery(), COLUMNS, seed);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("SFT needs at least one training example");
        }
        this.lm = lm;
        this.config = config;
        this.trainSequences = new ArrayList<>();
        this.trainTargets = new ArrayList<>();
        this.evalSequences = new ArrayList<>();
        this.evalTargets = new ArrayList<>();
        tokenize(train, trainSequences, trainTargets, "training");
        tokenize(eval, evalSequences, evalTargets, "evaluation");
        this.optimizer = new AdamW(lm.transformer().parameters(), AdamW.Settings.defaults());
        this.gradients = new ParameterGradients(lm.transformer().parameters());
    }

    /** Completion tokens trained on by this trainer object (not counting steps before a resume). */
    public long completionTokensTrained() {
        return tokensTrained;
    }

    @Override
    public Map<String, Double> evaluate() {
        if (evalSequences.isEmpty()) {
            return Map.of();
        }
        double loss = evalLoss();
        return Map.of("eval_loss", loss, "eval_perplexity", Math.exp(loss));
    }

    @Override
    public String progressLine(Map<String, Double> row) {
        return String.format("SFT step %d: loss %.4f", row.get("step").intValue(), row.get("loss"))
                + (row.containsKey("eval_loss") ? String.format(", held-out loss %.4f (perplexity %.3f)", row.get("eval_loss"),
                        row.get("eval_perplexity")) : "");
    }

    public SftConfig config() {
        return config;
    }

    /** One optimizer step on a random batch (sampled with replacement). */
    @Override
    public Map<String, Double> step() {
        if (finished()) {
            throw new IllegalStateException("SFT already ran its " + config.steps() + " steps");
        }
        long start = System.nanoTime();
        List<int[]> batch = new ArrayList<>(config.batchSize());
        List<boolean[]> targets = new ArrayList<>(config.batchSize());
        for (int i = 0; i < config.batchSize(); i++) {
            int k = rng.nextInt(trainSequences.size());
            batch.add(trainSequences.get(k));
            targets.add(trainTargets.get(k));
        }
        Transformer model = lm.transformer();
        int columns = Transformer.columns(batch);
        double[] weights = completionWeights(targets, columns);
        Transformer.Scores scores = model.backward(batch, weights, null, null, gradients);
        double loss = 0;
        int tokens = 0;
        for (int i = 0; i < weights.length; i++) {
            loss += weights[i] * scores.logProbs()[i];
            tokens += weights[i] != 0 ? 1 : 0;
        }
        Divergence.checkLoss("sft", loss, step + 1);
        double lr = config.learningRateAt(step);
        double norm = Divergence.checkGradientNorm("sft", optimizer.clipAndStep(gradients, lr, config.maxGradNorm()), step + 1);
        step++;
        tokensTrained += tokens;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("step", (double) step);
        m.put("loss", loss);
        m.put("learning_rate", lr);
        m.put("grad_norm", norm);
        m.put("completion_tokens", (double) tokens);
        m.put("tokens_per_second", tokens / ((System.nanoTime() - start) / 1e9));
        return m;
    }

    /** Mean negative log-prob per completion token on the held-out examples (NaN when there are none). */
    public double evalLoss() {
        if (evalSequences.isEmpty()) {
            return Double.NaN;
        }
        Transformer model = lm.transformer();
        double nll = 0;
        int tokens = 0;
        int bs = Math.max(1, config.batchSize());
        for (int from = 0; from < evalSequences.size(); from += bs) {
            List<int[]> batch = evalSequences.subList(from, Math.min(evalSequences.size(), from + bs));
            List<boolean[]> targets = evalTargets.subList(from, Math.min(evalSequences.size(), from + bs));
            Transformer.Scores s = model.score(batch);
            for (int r = 0; r < batch.size(); r++) {
                boolean[] trained = targets.get(r);
                for (int t = 1; t < trained.length; t++) {
                    if (trained[t]) {
                        nll -= s.logProb(r, t - 1);
                        tokens++;
                    }
                }
            }
        }
        return nll / tokens;
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        TensorCheckpoints.putAll(out, prefix + "parameters.", lm.transformer().parameters());
        optimizer.save(out, prefix + "optimizer.");
        saveProgress(out, prefix);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        TensorCheckpoints.getAll(in, prefix + "parameters.", lm.transformer().parameters());
        optimizer.load(in, prefix + "optimizer.");
        loadProgress(in, prefix);
    }

    /**
     * −1/n at the positions that predict a trained token (position t − 1 predicts token t; n = trained tokens in the
     * batch), 0 elsewhere.
     */
    static double[] completionWeights(List<boolean[]> targets, int columns) {
        double[] w = new double[targets.size() * columns];
        int n = 0;
        for (boolean[] trained : targets) {
            for (boolean t : trained) {
                n += t ? 1 : 0;
            }
        }
        for (int r = 0; r < targets.size(); r++) {
            boolean[] trained = targets.get(r);
            for (int t = 1; t < trained.length; t++) {
                if (trained[t]) {
                    w[r * columns + t - 1] = -1.0 / n;
                }
            }
        }
        return w;
    }

    /** Each example's token ids and which of them are trained (never the first: nothing predicts it). */
    private void tokenize(List<? extends SftExample> examples, List<int[]> sequences, List<boolean[]> targets, String what) {
        int ctx = lm.transformer().config().contextLength();
        for (int i = 0; i < examples.size(); i++) {
            int[] seq;
            boolean[] trained;
            String parts;
            if (examples.get(i) instanceof PromptCompletion pc) {
                int[] prompt = lm.tokenizer().encode(pc.prompt());
                int[] completion = lm.tokenizer().encode(pc.completion());
                if (prompt.length == 0) {
                    throw new IllegalArgumentException(what + " example " + (i + 1) + " has an empty prompt");
                }
                seq = new int[prompt.length + completion.length + 1];
                System.arraycopy(prompt, 0, seq, 0, prompt.length);
                System.arraycopy(completion, 0, seq, prompt.length, completion.length);
                seq[seq.length - 1] = lm.tokenizer().endOfText();
                trained = new boolean[seq.length];
                java.util.Arrays.fill(trained, prompt.length, seq.length, true);
                parts = prompt.length + " prompt + " + completion.length + " completion tokens + end-of-text = " + seq.length;
            } else {
                ChatTemplate.TrainingTokens tokens = ChatTemplate.encodeForTraining(lm.tokenizer(), ((Conversation) examples.get(i)).messages());
                seq = tokens.ids();
                trained = tokens.assistant();
                parts = "a conversation of " + seq.length + " tokens";
            }
            if (seq.length > ctx) {
                throw new IllegalArgumentException(what + " example " + (i + 1) + " has " + parts + "; the model's context_length is "
                        + ctx);
            }
            sequences.add(seq);
            targets.add(trained);
        }
    }
}
