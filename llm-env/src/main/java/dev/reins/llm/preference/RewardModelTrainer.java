package dev.reins.llm.preference;

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
 * Trains a {@link RewardModel} on preference pairs with the {@link BradleyTerryLoss}: each step scores the chosen
 * and the rejected sequence of a batch of pairs in one forward pass and descends the mean loss. Pairs are tokenized
 * without end-of-text ({@link TokenizedPair#tokenize} with {@code endOfText = false}), as the reward model scores.
 *
 * <pre>{@code
 * RewardModel rm = RewardModel.fromLanguageModel(sftModel, seed);
 * var train = TokenizedPair.tokenize(rm.tokenizer(), Jsonl.readPreferences(file), context, false);
 * RewardModelTrainer t = new RewardModelTrainer(rm, train, heldOut, RewardModelConfig.defaults(), seed);
 * StepTrainingLoop.run(t, dir.resolve("rm_log"), false, 0, 0, null, System.out::println);
 * double accuracy = t.evaluate().get("eval_accuracy");
 * }</pre>
 */
public final class RewardModelTrainer extends FixedStepTrainer {
    private static final List<String> COLUMNS = List.of("step", "loss", "accuracy", "margin", "learning_rate", "grad_norm", "eval_loss",
            "eval_accuracy", "eval_margin");

    private final RewardModel model;
    private final List<TokenizedPair> train;
    private final List<TokenizedPair> eval;
    private final RewardModelConfig config;
    private final BradleyTerryLoss loss;
    private final AdamW optimizer;
    private final ParameterGradients gradients;

    public RewardModelTrainer(RewardModel model, List<TokenizedPair> train, List<TokenizedPair> eval, RewardModelConfig config, long seed) {
        super(config.steps(), config.evalEvery(), COLUMNS, seed);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("reward-model training needs at least one preference pair");
        }
        this.model = model;
        this.train = train;
        this.eval = eval;
        this.config = config;
        this.loss = new BradleyTerryLoss(config.centerRewardsCoefficient());
        this.optimizer = new AdamW(model.trainable(), AdamW.Settings.defaults().withWeightDecay(config.weightDecay()));
        this.gradients = new ParameterGradients(model.trainable());
    }

    @Override
    public Map<String, Double> step() {
        if (finished()) {
            throw new IllegalStateException("reward-model training already ran its " + config.steps() + " steps");
        }
        List<TokenizedPair> batch = new ArrayList<>(config.batchSize());
        for (int i = 0; i < config.batchSize(); i++) {
            batch.add(train.get(rng.nextInt(train.size())));
        }
        List<int[]> sequences = TokenizedPair.chosenThenRejected(batch);
        RewardModel.Forward forward = model.forward(sequences);
        int n = batch.size();
        double[] dRewards = new double[2 * n];
        Totals totals = new Totals();
        for (int i = 0; i < n; i++) {
            BradleyTerryLoss.Value v = totals.add(forward.rewards()[i], forward.rewards()[n + i], batch.get(i).margin());
            dRewards[i] = v.dChosen() / n;
            dRewards[n + i] = v.dRejected() / n;
        }
        Divergence.checkLoss("reward model", totals.loss, step + 1);
        model.backward(sequences, forward, dRewards, gradients);
        double lr = config.schedule().at(step);
        double norm = Divergence.checkGradientNorm("reward model", optimizer.clipAndStep(gradients, lr, config.maxGradNorm()), step + 1);
        step++;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("step", (double) step);
        m.put("loss", totals.loss / n);
        m.put("accuracy", totals.correct / n);
        m.put("margin", totals.margin / n);
        m.put("learning_rate", lr);
        m.put("grad_norm", norm);
        return m;
    }

    /** Mean loss, accuracy (share of pairs whose chosen completion gets the higher reward) and margin on the held-out pairs. */
    @Override
    public Map<String, Double> evaluate() {
        if (eval.isEmpty()) {
            return Map.of();
        }
        double[] chosen = model.scores(eval.stream().map(TokenizedPair::chosen).toList());
        double[] rejected = model.scores(eval.stream().map(TokenizedPair::rejected).toList());
        Totals totals = new Totals();
        for (int i = 0; i < eval.size(); i++) {
            totals.add(chosen[i], rejected[i], eval.get(i).margin());
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("eval_loss", totals.loss / eval.size());
        m.put("eval_accuracy", totals.correct / eval.size());
        m.put("eval_margin", totals.margin / eval.size());
        return m;
    }

    private final class Totals {
        double loss;
        double correct;
        double margin;

        BradleyTerryLoss.Value add(double chosen, double rejected, double pairMargin) {
            BradleyTerryLoss.Value v = RewardModelTrainer.this.loss.evaluate(chosen, rejected, pairMargin);
            loss += v.loss();
            correct += chosen > rejected ? 1 : 0;
            margin += chosen - rejected;
            return v;
        }
    }

    @Override
    public String progressLine(Map<String, Double> row) {
        return String.format("reward model step %d: loss %.4f", row.get("step").intValue(), row.get("loss"))
                + (row.containsKey("eval_accuracy") ? String.format(", held-out accuracy %.3f, margin %.3f", row.get("eval_accuracy"),
                        row.get("eval_margin")) : "");
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
