package dev.reins.envs.classic;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.BaseEnv;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.mdp.ForwardModel;
import dev.reins.core.mdp.ModelStep;
import dev.reins.core.random.Rng;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.Space;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A classic-control env: float64 internal state advanced by its {@link ClassicDynamics}, float32 observations. The
 * state can be read and set (to replay recorded traces or restore a snapshot), and {@link #forwardModel()} gives
 * planners a side-effect-free copy of the dynamics.
 *
 * <pre>{@code
 * Env<float[], Integer> cartPole = Envs.make("CartPole-v1");
 * var raw = (ClassicControlEnv<Integer>) cartPole.unwrapped();
 * double[] s = raw.state();
 * }</pre>
 */
public final class ClassicControlEnv<A> extends BaseEnv<float[], A> {
    private final ClassicDynamics<A> dynamics;
    private final double[] state;

    public ClassicControlEnv(ClassicDynamics<A> dynamics) {
        super(dynamics.id());
        this.dynamics = dynamics;
        this.state = new double[dynamics.stateDim()];
    }

    public ClassicDynamics<A> dynamics() {
        return dynamics;
    }

    @Override
    public Space<float[]> observationSpace() {
        return dynamics.observationSpace();
    }

    @Override
    public Space<A> actionSpace() {
        return dynamics.actionSpace();
    }

    /** A copy of the float64 internal state. */
    public double[] state() {
        return state.clone();
    }

    /** Replaces the internal state (its length must be {@link ClassicDynamics#stateDim()}). */
    public void setState(double[] newState) {
        if (newState.length != state.length) {
            throw new IllegalArgumentException(name() + " state has " + state.length + " values, got " + Arrays.toString(newState));
        }
        System.arraycopy(newState, 0, state, 0, state.length);
    }

    private float[] observation() {
        float[] obs = new float[dynamics.observationSpace().dim()];
        dynamics.observe(state, 0, obs, 0);
        return obs;
    }

    @Override
    protected ResetResult<float[]> resetEpisode(Rng rng) {
        dynamics.reset(rng, state, 0);
        return new ResetResult<>(observation(), Map.of());
    }

    /** See {@link ClassicDynamics#accepts}: out-of-range continuous actions are clipped, as Gymnasium does. */
    @Override
    protected boolean acceptsAction(A action) {
        return dynamics.accepts(action);
    }

    @Override
    protected StepResult<float[]> stepEpisode(A action) {
        double reward = dynamics.step(state, 0, action, rng());
        return new StepResult<>(observation(), reward, dynamics.terminated(state, 0), false, Map.of());
    }

    /** A planner's view of the dynamics: states are {@code double[]} values that are never modified in place. */
    public ForwardModel<double[], A> forwardModel() {
        ClassicDynamics<A> d = dynamics;
        List<A> actions = legalActions();
        return new ForwardModel<>() {
            @Override
            public double[] initialState(RandomGenerator rng) {
                double[] s = new double[d.stateDim()];
                d.reset(rng, s, 0);
                return s;
            }

            @Override
            public List<A> legalActions(double[] s) {
                return actions;
            }

            @Override
            public ModelStep<double[]> step(double[] s, A action, RandomGenerator rng) {
                double[] next = s.clone();
                double reward;
                synchronized (d) { // dynamics may keep scratch space
                    reward = d.step(next, 0, action, rng);
                }
                return new ModelStep<>(next, reward, d.terminated(next, 0));
            }
        };
    }

    @SuppressWarnings("unchecked")
    private List<A> legalActions() {
        if (dynamics.actionSpace() instanceof Discrete discrete) {
            List<A> all = new ArrayList<>();
            for (int a = 0; a < discrete.n(); a++) {
                all.add((A) Integer.valueOf(discrete.start() + a));
            }
            return List.copyOf(all);
        }
        return List.of(); // continuous actions: a planner chooses its own candidates
    }

    @Override
    protected void saveState(CheckpointWriter out, String prefix) {
        out.putDoubles(prefix + "state", state);
    }

    @Override
    protected void loadState(CheckpointReader in, String prefix) {
        System.arraycopy(in.doubles(prefix + "state", state.length), 0, state, 0, state.length);
    }
}
