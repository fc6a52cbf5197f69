package dev.reins.core.testing;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.BaseEnv;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.random.Rng;
import dev.reins.core.space.Box;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.Space;
import java.util.Map;

/**
 * A small test env with vector observations: a walker on a line starts uniformly in [-1, 1], moves ±0.5 plus noise,
 * earns −|x| per step and terminates when |x| ≥ 3.
 */
public final class RandomWalkEnv extends BaseEnv<float[], Integer> {
    private static final Box OBS = Box.uniform(-10f, 10f, 2);
    private static final Discrete ACT = new Discrete(2);
    private double x;
    private int t;

    public RandomWalkEnv() {
        super("RandomWalk-v0");
    }

    @Override
    public Space<float[]> observationSpace() {
        return OBS;
    }

    @Override
    public Space<Integer> actionSpace() {
        return ACT;
    }

    private float[] obs() {
        return new float[] {(float) x, t % 7};
    }

    @Override
    protected ResetResult<float[]> resetEpisode(Rng rng) {
        x = rng.nextDouble() * 2 - 1;
        t = 0;
        return new ResetResult<>(obs(), Map.of());
    }

    @Override
    protected StepResult<float[]> stepEpisode(Integer action) {
        x += (action == 1 ? 0.5 : -0.5) + 0.3 * rng().nextGaussian();
        x = Math.max(-9, Math.min(9, x));
        t++;
        return new StepResult<>(obs(), -Math.abs(x), Math.abs(x) >= 3, false, Map.of());
    }

    @Override
    protected void saveState(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "x", new double[] {x});
        out.putInts(prefix + "t", new int[] {t});
    }

    @Override
    protected void loadState(CheckpointReader in, String prefix) {
        x = in.doubles(prefix + "x", 1)[0];
        t = in.ints(prefix + "t", 1)[0];
    }
}
