package dev.reins.envs.toytext;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.BaseEnv;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.mdp.Mdp;
import dev.reins.core.mdp.TabularEnv;
import dev.reins.core.random.Rng;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.Space;
import java.util.List;
import java.util.Map;

/**
 * A toy-text env driven by an explicit transition table, as Gymnasium's {@code env.P}: reset draws the start state
 * from the initial distribution, step draws an outcome from {@code P[s][a]} (first index whose cumulative probability
 * exceeds a uniform draw, as Gymnasium's {@code categorical_sample}), and the table is the env's {@link Mdp}.
 */
abstract class TabularModelEnv extends BaseEnv<Integer, Integer> implements TabularEnv {
    private final Discrete observationSpace;
    private final Discrete actionSpace;
    private final TransitionTable table;
    protected int state;
    protected int lastAction = -1;

    TabularModelEnv(String name, TransitionTable table) {
        super(name);
        this.table = table;
        this.observationSpace = new Discrete(table.numStates());
        this.actionSpace = new Discrete(table.numActions());
    }

    @Override
    public Space<Integer> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actionSpace;
    }

    @Override
    public Mdp mdp() {
        return table;
    }

    /** The current state index. */
    public int state() {
        return state;
    }

    @Override
    protected ResetResult<Integer> resetEpisode(Rng rng) {
        state = sample(table.initialStateDistribution(), rng);
        lastAction = -1;
        return new ResetResult<>(state, resetInfo());
    }

    protected Map<String, Object> resetInfo() {
        return Map.of("prob", 1.0);
    }

    @Override
    protected StepResult<Integer> stepEpisode(Integer action) {
        List<Mdp.Transition> outcomes = table.transitions(state, action);
        double u = rng().nextDouble();
        double cumulative = 0;
        Mdp.Transition chosen = outcomes.get(outcomes.size() - 1);
        for (Mdp.Transition t : outcomes) {
            cumulative += t.probability();
            if (cumulative > u) {
                chosen = t;
                break;
            }
        }
        int previous = state;
        state = chosen.nextState();
        lastAction = action;
        state = afterTransition(previous, state, rng());
        return new StepResult<>(state, chosen.reward(), chosen.terminal(), false, stepInfo(chosen));
    }

    /** A hook for dynamics outside the table (Taxi's fickle passenger); returns the final next state. */
    protected int afterTransition(int previous, int next, Rng rng) {
        return next;
    }

    protected Map<String, Object> stepInfo(Mdp.Transition chosen) {
        return Map.of("prob", chosen.probability());
    }

    static int sample(double[] probabilities, Rng rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < probabilities.length; i++) {
            cumulative += probabilities[i];
            if (cumulative > u) {
                return i;
            }
        }
        for (int i = probabilities.length - 1; i >= 0; i--) {
            if (probabilities[i] > 0) {
                return i;
            }
        }
        throw new IllegalStateException("empty initial-state distribution");
    }

    @Override
    protected void saveState(CheckpointWriter out, String prefix) {
        out.putInts(prefix + "state", new int[] {state, lastAction});
    }

    @Override
    protected void loadState(CheckpointReader in, String prefix) {
        int[] s = in.ints(prefix + "state", 2);
        state = s[0];
        lastAction = s[1];
    }
}
