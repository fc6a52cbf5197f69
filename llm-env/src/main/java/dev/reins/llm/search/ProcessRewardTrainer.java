package dev.reins.llm.search;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.llm.model.ParameterGradients;
import dev.reins.llm.optim.AdamW;
import dev.reins.llm.reward.RewardModel;
import dev.reins.llm.train.Divergence;
import dev.reins.llm.train.FixedStepTrainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a process reward model: a {@link RewardModel} (backbone + scalar head at the last token) whose sigmoid
 * predicts a step's label, by binary cross-entropy against the soft labels of {@link ProcessRewardData}:
 * l = mean(softplus(s) − y·s), dl/ds = σ(s) − y.
 *
 * <pre>{@code
 * RewardModel prm = RewardModel.fromLanguageModel(policy.copy(), seed);
 * ProcessRewardTrainer t = new ProcessRewardTrainer(prm, train, heldOut, ProcessRewardConfig.defaults(), seed);
 * StepTrainingLoop.run(t, dir.resolve("prm_log"), false, 0, 0, null, System.out::println);
 * }</pre>
 */
public final class ProcessRewardTrainer extends FixedStepTrainer {
    private static final List<String> COLUMNS = List.of("step", "loss", "accuracy", "learning_rate", "grad_norm", "eval_loss",
            "eval_accuracy", "eval_label_mean");

    private final RewardModel model;
    private final List<LabelledPrefix> train;
    private final List<LabelledPrefix> eval;
    private final ProcessRewardConfig config;
    private final AdamW optimizer;
    private final ParameterGradients gradients;

    public ProcessRewardTrainer(RewardModel model, List<LabelledPrefix> train, List<LabelledPrefix> eval, ProcessRewardConfig config,
            long seed) {
        super(config.steps(), config.evalEvery(), COLUMNS, seed);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("process-reward training needs at least one labelled step");
        }
        this.model = model;
        this.train = train;
        this.eval = eval;
        this.config = config;
        this.optimizer = new AdamW(model.trainable(), AdamW.Settings.defaults().withWeightDecay(config.weightDecay()));
        this.gradients = new ParameterGradients(model.trainable());
    }

    /** softplus(s) − y·s, computed without overflow. */
    public static double loss(double score, double label) {
        return Math.max(score, 0) + Math.log1p(Math.exp(-Math.abs(score))) - label * score;
    }

    /** d loss / d score = σ(s) − y. */
    public static double gradient(double score, double label) {
        return 1 / (1 + Math.exp(-score)) - label;
    }

    @Override
    public Map<String, Double> step() {
        if (finished()) {
            throw new IllegalStateException("process-reward training already ran its " + config.steps() + " steps");
        }
        List<LabelledPrefix> batch = new ArrayList<>(config.batchSize());
        for (int i = 0; i < config.batchSize(); i++) {
            batch.add(train.get(rng.nextInt(train.size())));
        }
        List<int[]> sequences = batch.stream().map(LabelledPrefix::tokens).toList();
        RewardModel.Forward forward = model.forward(sequences);
        int n = batch.size();
        double[] dScores = new double[n];
        double total = 0;
        double right = 0;
        for (int i = 0; i < n; i++) {
            double s = forward.rewards()[i];
            double y = batch.get(i).label();
            total += loss(s, y);
            right += (s > 0) == (y > 0.5) ? 1 : 0;
            dScores[i] = gradient(s, y) / n;
        }
        Divergence.checkLoss("process reward model", total, step + 1);
        model.backward(sequences, forward, dScores, gradients);
        double lr = config.schedule().at(step);
        double norm = Divergence.checkGradientNorm("process reward model", optimizer.clipAndStep(gradients, lr, config.maxGradNorm()),
                step + 1);
        step++;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("step", (double) step);
        m.put("loss", total / n);
        m.put("accuracy", right / n);
        m.put("learning_rate", lr);
        m.put("grad_norm", norm);
        return m;
    }

    /** Held-out cross-entropy, accuracy (σ(s) on the label's side of ½) and the mean label. */
    @Override
    public Map<String, Double> evaluate() {
        if (eval.isEmpty()) {
            return Map.of();
        }
        double[] scores = model.scores(eval.stream().map(LabelledPrefix::tokens).toList());
        double total = 0;
        double right = 0;
        double labels = 0;
        for (int i = 0; i < eval.size(); i++) {
            double y = eval.get(i).label();
            total += loss(scores[i], y);
            right += (scores[i] > 0) == (y > 0.5) ? 1 : 0;
            labels += y;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("eval_loss", total / eval.size());
        m.put("eval_accuracy", right / eval.size());
        m.put("eval_label_mean", labels / eval.size());
        return m;
    }

    @Override
    public String progressLine(Map<String, Double> row) {
        return String.format("process reward model step %d: loss %.4f", row.get("step").intValue(), row.get("loss"))
                + (row.containsKey("eval_accuracy") ? String.format(", held-out loss %.4f, accuracy %.3f", row.get("eval_loss"),
                        row.get("eval_accuracy")) : "");
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        model.saveWeights(out, prefix);
        optimizer.save(out, prefix + "optimizer.");
        saveProgress(out, prefix);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        model.loadWeights(in, prefix);
        optimizer.load(in, prefix + "optimizer.");
        loadProgress(in, prefix);
    }
}
