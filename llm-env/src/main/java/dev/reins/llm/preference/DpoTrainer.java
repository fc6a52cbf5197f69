package dev.reins.llm.preference;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
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
 * Direct preference optimization: trains a policy on preference pairs with a {@link PreferenceLoss} (DPO, IPO, hinge
 * or SimPO), no reward model and no sampling. The reference model's log-probs of every pair are computed once, up
 * front (by default the reference is the policy as it starts, so no second model is kept in memory). Each step
 * scores the chosen and rejected sequences of a batch (prompt + completion + end-of-text) under the policy, takes
 * the loss's derivatives with respect to the summed completion log-probs and back-propagates them as per-token
 * weights. Metrics carry TRL's names: {@code rewards/chosen}, {@code rewards/rejected}, {@code rewards/accuracies},
 * {@code rewards/margins}, {@code logps/chosen}, {@code logps/rejected}.
 *
 * <pre>{@code
 * var pairs = TokenizedPair.tokenize(lm.tokenizer(), Jsonl.readPreferences(file), context, true);
 * DpoTrainer dpo = new DpoTrainer(lm.transformer(), null, pairs, heldOut, DpoConfig.defaults(), seed);
 * StepTrainingLoop.run(dpo, dir.resolve("dpo_log"), false, 0, 0, null, System.out::println);
 * }</pre>
 */
public final class DpoTrainer extends FixedStepTrainer {
    private static final List<String> METRICS = List.of("loss", "rewards/chosen", "rewards/rejected", "rewards/accuracies",
            "rewards/margins", "logps/chosen", "logps/rejected");
    private static final List<String> COLUMNS = columnsOf(METRICS);
    /** Sequences per forward pass when computing reference log-probs and evaluating. */
    private static final int SCORING_BATCH = 32;

    private final Transformer policy;
    private final List<TokenizedPair> train;
    private final List<TokenizedPair> eval;
    private final DpoConfig config;
    private final PreferenceLoss loss;
    /** Reference log-probs of each pair's chosen and rejected completion: [2 · pairs], chosen then rejected. */
    private double[] trainReference;
    private double[] evalReference;
    private final AdamW optimizer;
    private final ParameterGradients gradients;

    /**
     * @param reference the frozen reference model (same vocabulary and context as the policy), or null for the policy
     *     as it is now
     */
    public DpoTrainer(Transformer policy, Transformer reference, List<TokenizedPair> train, List<TokenizedPair> eval, DpoConfig config,
            long seed) {
        super(config.steps(), config.evalEvery(), COLUMNS, seed);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("DPO needs at least one preference pair");
        }
        if (reference != null && (reference.config().vocabSize() != policy.config().vocabSize()
                || reference.config().contextLength() < policy.config().contextLength())) {
            throw new IllegalArgumentException("the reference model (" + reference.config() + ") does not fit the policy ("
                    + policy.config() + "): it needs the same vocabulary and at least its context");
        }
        this.policy = policy;
        this.train = train;
        this.eval = eval;
        this.config = config;
        this.loss = config.loss();
        Transformer ref = reference == null ? policy : reference;
        this.trainReference = loss.usesReference() ? completionLogProbs(ref, train) : new double[2 * train.size()];
        this.evalReference = loss.usesReference() ? completionLogProbs(ref, eval) : new double[2 * eval.size()];
        this.optimizer = new AdamW(policy.parameters(), AdamW.Settings.defaults().withWeightDecay(config.weightDecay()));
        this.gradients = new ParameterGradients(policy.parameters());
    }

    @Override
    public Map<String, Double> step() {
        if (finished()) {
            throw new IllegalStateException("DPO already ran its " + config.steps() + " steps");
        }
        int n = config.batchSize();
        List<TokenizedPair> batch = new ArrayList<>(n);
        double[] reference = new double[2 * n];
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(train.size());
            batch.add(train.get(k));
            reference[i] = trainReference[k];
            reference[n + i] = trainReference[train.size() + k];
        }
        List<int[]> sequences = TokenizedPair.chosenThenRejected(batch);
        int columns = Transformer.columns(sequences);
        double[] logps = completionLogProbs(policy.score(sequences), batch);
        Totals totals = new Totals();
        double[] weights = new double[2 * n * columns];
        for (int i = 0; i < n; i++) {
            PreferenceLoss.Value v = totals.add(batch.get(i), logps[i], logps[n + i], reference[i], reference[n + i]);
            spread(weights, i, columns, batch.get(i), batch.get(i).chosen().length, v.dPolicyChosen() / n);
            spread(weights, n + i, columns, batch.get(i), batch.get(i).rejected().length, v.dPolicyRejected() / n);
        }
        Divergence.checkLoss("dpo", totals.loss, step + 1);
        policy.backward(sequences, weights, null, null, gradients);
        double lr = config.schedule().at(step);
        double norm = Divergence.checkGradientNorm("dpo", optimizer.clipAndStep(gradients, lr, config.maxGradNorm()), step + 1);
        step++;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("step", (double) step);
        m.putAll(totals.metrics("", n));
        m.put("learning_rate", lr);
        m.put("grad_norm", norm);
        return m;
    }

    /** The loss and TRL's metrics over the held-out pairs, each prefixed {@code eval_}. */
    @Override
    public Map<String, Double> evaluate() {
        if (eval.isEmpty()) {
            return Map.of();
        }
        double[] logps = completionLogProbs(policy, eval);
        Totals totals = new Totals();
        for (int i = 0; i < eval.size(); i++) {
            totals.add(eval.get(i), logps[i], logps[eval.size() + i], evalReference[i], evalReference[eval.size() + i]);
        }
        return totals.metrics("eval_", eval.size());
    }

    /** Sums of the loss and of TRL's metrics over pairs. */
    private final class Totals {
        double loss;
        double chosenReward;
        double rejectedReward;
        double correct;
        double chosenLogp;
        double rejectedLogp;

        PreferenceLoss.Value add(TokenizedPair pair, double policyChosen, double policyRejected, double refChosen, double refRejected) {
            PreferenceLoss.Value v = DpoTrainer.this.loss.evaluate(new PreferenceLoss.LogProbs(policyChosen, policyRejected, refChosen,
                    refRejected, pair.chosenCompletionLength(), pair.rejectedCompletionLength()));
            double rc = DpoTrainer.this.loss.implicitReward(policyChosen, refChosen, pair.chosenCompletionLength());
            double rr = DpoTrainer.this.loss.implicitReward(policyRejected, refRejected, pair.rejectedCompletionLength());
            loss += v.loss();
            chosenReward += rc;
            rejectedReward += rr;
            correct += rc > rr ? 1 : 0;
            chosenLogp += policyChosen;
            rejectedLogp += policyRejected;
            return v;
        }

        Map<String, Double> metrics(String prefix, int n) {
            double[] values = {loss, chosenReward, rejectedReward, correct, chosenReward - rejectedReward, chosenLogp, rejectedLogp};
            Map<String, Double> m = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                m.put(prefix + METRICS.get(i), values[i] / n);
            }
            return m;
        }
    }

    /** Puts {@code weight} on every position of row {@code row} that predicts a completion token (end-of-text included). */
    private static void spread(double[] weights, int row, int columns, TokenizedPair pair, int length, double weight) {
        for (int t = pair.promptLength() - 1; t < length - 1; t++) {
            weights[row * columns + t] = weight;
        }
    }

    /** Summed completion log-probs under {@code model}: chosen of every pair, then rejected of every pair. */
    static double[] completionLogProbs(Transformer model, List<TokenizedPair> pairs) {
        double[] out = new double[2 * pairs.size()];
        for (int from = 0; from < pairs.size(); from += SCORING_BATCH / 2) {
            List<TokenizedPair> batch = pairs.subList(from, Math.min(pairs.size(), from + SCORING_BATCH / 2));
            double[] logps = completionLogProbs(model.score(TokenizedPair.chosenThenRejected(batch)), batch);
            for (int i = 0; i < batch.size(); i++) {
                out[from + i] = logps[i];
                out[pairs.size() + from + i] = logps[batch.size() + i];
            }
        }
        return out;
    }

    /** From the scores of {@link #sequences}(batch): summed completion log-probs, chosen then rejected. */
    private static double[] completionLogProbs(Transformer.Scores scores, List<TokenizedPair> batch) {
        int n = batch.size();
        double[] out = new double[2 * n];
        for (int i = 0; i < n; i++) {
            TokenizedPair p = batch.get(i);
            for (int t = p.promptLength() - 1; t < p.chosen().length - 1; t++) {
                out[i] += scores.logProb(i, t);
            }
            for (int t = p.promptLength() - 1; t < p.rejected().length - 1; t++) {
                out[n + i] += scores.logProb(n + i, t);
            }
        }
        return out;
    }

    /** step, the metrics, learning_rate, grad_norm, then the metrics again as eval_*. */
    private static List<String> columnsOf(List<String> metrics) {
        List<String> out = new ArrayList<>();
        out.add("step");
        out.addAll(metrics);
        out.add("learning_rate");
        out.add("grad_norm");
        metrics.forEach(m -> out.add("eval_" + m));
        return List.copyOf(out);
    }

    @Override
    public String progressLine(Map<String, Double> row) {
        return String.format("DPO (%s) step %d: loss %.4f, margin %.3f", config.lossType(), row.get("step").intValue(), row.get("loss"),
                row.get("rewards/margins"))
                + (row.containsKey("eval_rewards/accuracies") ? String.format(", held-out accuracy %.3f, margin %.3f",
                        row.get("eval_rewards/accuracies"), row.get("eval_rewards/margins")) : "");
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        TensorCheckpoints.putAll(out, prefix + "parameters.", policy.parameters());
        optimizer.save(out, prefix + "optimizer.");
        out.putDoubles(prefix + "reference.train", trainReference);
        out.putDoubles(prefix + "reference.eval", evalReference);
        saveProgress(out, prefix);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        TensorCheckpoints.getAll(in, prefix + "parameters.", policy.parameters());
        optimizer.load(in, prefix + "optimizer.");
        // The reference log-probs were taken from the model as it started; after a resume the policy has moved on.
        trainReference = in.doubles(prefix + "reference.train", trainReference.length);
        evalReference = in.doubles(prefix + "reference.eval", evalReference.length);
        loadProgress(in, prefix);
    }
}
