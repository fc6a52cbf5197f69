package dev.reins.llm.train;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.random.Rng;
import java.util.List;

/**
 * What every dataset trainer keeps the same way: the step counter against a fixed budget, the evaluation cadence, its
 * metric columns and the generator that draws its batches — and their part of the checkpoint ({@code rng},
 * {@code step}). SFT, reward models, process reward models and DPO extend it with their model and loss.
 *
 * <pre>{@code
 * final class MyTrainer extends FixedStepTrainer {
 *     MyTrainer(MyConfig c, long seed) { super(c.steps(), c.evalEvery(), COLUMNS, seed); }
 *     public Map<String, Double> step() { ... rng ...; step++; ... }
 *     public void save(CheckpointWriter out, String prefix) { model.save(...); saveProgress(out, prefix); }
 * }
 * }</pre>
 */
public abstract class FixedStepTrainer implements StepTrainer {
    private final int steps;
    private final int evalEvery;
    private final List<String> columns;
    /** Draws the batches; checkpointed. */
    protected final Rng rng;
    /** Optimizer steps done; the subclass counts them. */
    protected int step;

    protected FixedStepTrainer(int steps, int evalEvery, List<String> columns, long seed) {
        this.steps = steps;
        this.evalEvery = evalEvery;
        this.columns = columns;
        this.rng = new Rng(seed);
    }

    @Override
    public final int stepsDone() {
        return step;
    }

    @Override
    public final boolean finished() {
        return step >= steps;
    }

    @Override
    public final int evalEvery() {
        return evalEvery;
    }

    @Override
    public final List<String> columns() {
        return columns;
    }

    /** Writes the generator's state and the step count. */
    protected final void saveProgress(CheckpointWriter out, String prefix) {
        out.putLongs(prefix + "rng", rng.state());
        out.putLongs(prefix + "step", new long[] {step});
    }

    /** Reads what {@link #saveProgress} wrote. */
    protected final void loadProgress(CheckpointReader in, String prefix) {
        rng.setState(in.longs(prefix + "rng"));
        step = (int) in.longs(prefix + "step", 1)[0];
    }
}
