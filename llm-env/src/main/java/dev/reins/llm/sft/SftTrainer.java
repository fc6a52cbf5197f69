package dev.reins.llm.sft;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.llm.data.PromptCompletion;
import dev.reins.llm.model.LanguageModel;
import dev.reins.llm.model.ParameterGradients;
import dev.reins.llm.model.TensorCheckpoints;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.optim.AdamW;
import dev.reins.llm.train.Divergence;
import dev.reins.llm.train.FixedStepTrainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Supervised fine-tuning: maximize the log-likelihood of each completion (and the end-of-text after it) given its
 * prompt. Prompt tokens are context only — the loss is the mean negative log-prob over completion tokens.
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
    private final List<Integer> trainPromptLengths;
    private final List<int[]> evalSequences;
    private final List<Integer> evalPromptLengths;
    private final AdamW optimizer;
    private final ParameterGradients gradients;
    private long tokensTrained;

    public SftTrainer(LanguageModel lm, List<PromptCompletion> train, List<PromptCompletion> eval, SftConfig config, long seed) {
        super(config.steps(), config.evalEvery(), COLUMNS, seed);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("SFT needs at least one training example");
        }
        this.lm = lm;
        this.config = config;
        this.trainSequences = new ArrayList<>();
        this.trainPromptLengths = new ArrayList<>();
        this.evalSequences = new ArrayList<>();
        this.evalPromptLengths = new ArrayList<>();
        tokenize(train, trainSequences, trainPromptLengths, "training");
        tokenize(eval, evalSequences, evalPromptLengths, "evaluation");
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
        List<Integer> promptLengths = new ArrayList<>(config.batchSize());
        for (int i = 0; i < config.batchSize(); i++) {
            int k = rng.nextInt(trainSequences.size());
            batch.add(trainSequences.get(k));
            promptLengths.add(trainPromptLengths.get(k));
        }
        Transformer model = lm.transformer();
        int columns = Transformer.columns(batch);
        double[] weights = completionWeights(batch, promptLengths, columns);
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
            List<Integer> lens = evalPromptLengths.subList(from, Math.min(evalSequences.size(), from + bs));
            Transformer.Scores s = model.score(batch);
            for (int r = 0; r < batch.size(); r++) {
                for (int t = lens.get(r) - 1; t < batch.get(r).length - 1; t++) {
                    nll -= s.logProb(r, t);
                    tokens++;
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

    /** −1/n at the positions that predict completion tokens (n = their count in the batch), 0 elsewhere. */
    static double[] completionWeights(List<int[]> batch, List<Integer> promptLengths, int columns) {
        double[] w = new double[batch.size() * columns];
        int n = 0;
        for (int r = 0; r < batch.size(); r++) {
            n += batch.get(r).length - promptLengths.get(r);
        }
        for (int r = 0; r < batch.size(); r++) {
            for (int t = promptLengths.get(r) - 1; t < batch.get(r).length - 1; t++) {
                w[r * columns + t] = -1.0 / n;
            }
        }
        return w;
    }

    private void tokenize(List<PromptCompletion> examples, List<int[]> sequences, List<Integer> promptLengths, String what) {
        int ctx = lm.transformer().config().contextLength();
        int eos = lm.tokenizer().endOfText();
        for (int i = 0; i < examples.size(); i++) {
            int[] prompt = lm.tokenizer().encode(examples.get(i).prompt());
            int[] completion = lm.tokenizer().encode(examples.get(i).completion());
            int length = prompt.length + completion.length + 1;
            if (prompt.length == 0 || length > ctx) {
                throw new IllegalArgumentException(what + " example " + (i + 1) + " has " + prompt.length + " prompt + "
                        + completion.length + " completion tokens + end-of-text = " + length + "; the model's context_length is " + ctx
                        + " (and the prompt must not be empty)");
            }
            int[] seq = new int[length];
            System.arraycopy(prompt, 0, seq, 0, prompt.length);
            System.arraycopy(completion, 0, seq, prompt.length, completion.length);
            seq[length - 1] = eos;
            sequences.add(seq);
            promptLengths.add(prompt.length);
        }
    }
}
