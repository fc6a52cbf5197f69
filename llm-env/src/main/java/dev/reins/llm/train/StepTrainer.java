package dev.reins.llm.train;

import dev.reins.core.checkpoint.Checkpointable;
import java.util.List;
import java.util.Map;

/**
 * A trainer that runs a fixed number of optimizer steps on batches drawn from a dataset and can be evaluated on
 * held-out data: SFT, reward modelling and DPO. {@link StepTrainingLoop} runs, logs and checkpoints any of them.
 *
 * <pre>{@code
 * StepTrainer t = new DpoTrainer(policy, train, heldOut, config, seed);
 * while (!t.finished()) {
 *     Map<String, Double> row = t.step();
 * }
 * }</pre>
 */
public interface StepTrainer extends Checkpointable {
    /** Optimizer steps done so far. */
    int stepsDone();

    /** True once the configured number of steps is done. */
    boolean finished();

    /** Steps between held-out evaluations (0 = only at the end). */
    int evalEvery();

    /** One optimizer step; returns its metrics (always {@code step}, {@code loss}, {@code learning_rate}, {@code grad_norm}). */
    Map<String, Double> step();

    /** Metrics on the held-out data, named {@code eval_*} (empty when there is none). */
    Map<String, Double> evaluate();

    /** Every column a metrics row can have, in log order. */
    List<String> columns();

    /** A progress line after an evaluation, e.g. {@code "DPO step 200: loss 0.41, held-out accuracy 0.87"}. */
    String progressLine(Map<String, Double> row);
}
