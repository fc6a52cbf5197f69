package dev.reins.algorithms.testing;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.BaseEnv;
import dev.reins.core.env.Env;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.env.wrappers.TimeLimit;
import dev.reins.core.random.Rng;
import dev.reins.core.space.Box;
import dev.reins.core.space.Space;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.SyncVectorEnv;
import dev.reins.core.vector.VectorEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fast continuous-control test task: observe a target x in [−1, 1], act in [−2, 2], earn −(a − x)²; a new target
 * every step, 10 steps per episode. The optimal policy is a = x (return 0); always answering 0 earns about −3.3.
 */
public final class TrackTarget extends BaseEnv<float[], float[]> {
    private float x;

    public TrackTarget() {
        super("TrackTarget-v0");
    }

    @Override
    public Space<float[]> observationSpace() {
        return Box.uniform(-1, 1, 1);
    }

    @Override
    public Space<float[]> actionSpace() {
        return Box.uniform(-2, 2, 1);
    }

    @Override
    protected ResetResult<float[]> resetEpisode(Rng rng) {
        x = (float) (rng.nextDouble() * 2 - 1);
        return new ResetResult<>(new float[] {x}, Map.of());
    }

    @Override
    protected StepResult<float[]> stepEpisode(float[] action) {
        double error = action[0] - x;
        x = (float) (rng().nextDouble() * 2 - 1);
        return new StepResult<>(new float[] {x}, -error * error, false, false, Map.of());
    }

    @Override
    protected void saveState(CheckpointWriter out, String prefix) {
        out.putFloats(prefix + "x", new float[] {x});
    }

    @Override
    protected void loadState(CheckpointReader in, String prefix) {
        x = in.floats(prefix + "x", 1)[0];
    }

    /** Envs of 10-step episodes. */
    public static EnvFactory factory() {
        return new EnvFactory() {
            @Override
            public String id() {
                return "TrackTarget-v0";
            }

            @Override
            public Env<?, ?> single() {
                return new TimeLimit<>(new TrackTarget(), 10);
            }

            @Override
            public VectorEnv<?> vector(int numEnvs, AutoresetMode mode) {
                List<Env<float[], float[]>> envs = new ArrayList<>();
                for (int i = 0; i < numEnvs; i++) {
                    envs.add(new TimeLimit<>(new TrackTarget(), 10));
                }
                return new SyncVectorEnv<>(envs, mode);
            }
        };
    }
}
