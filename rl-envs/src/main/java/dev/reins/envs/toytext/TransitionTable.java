package dev.reins.envs.toytext;

import dev.reins.core.mdp.Mdp;
import java.util.ArrayList;
import java.util.List;

/** An {@link Mdp} stored as lists of transitions per (state, action), filled by the env that builds it. */
final class TransitionTable implements Mdp {
    private final int numStates;
    private final int numActions;
    private final List<List<Transition>> table;
    private final double[] initial;

    TransitionTable(int numStates, int numActions, double[] initial) {
        this.numStates = numStates;
        this.numActions = numActions;
        this.initial = initial.clone();
        this.table = new ArrayList<>(numStates * numActions);
        for (int i = 0; i < numStates * numActions; i++) {
            table.add(new ArrayList<>(3));
        }
    }

    void add(int state, int action, double probability, int nextState, double reward, boolean terminal) {
        table.get(state * numActions + action).add(new Transition(probability, nextState, reward, terminal));
    }

    /** Freezes the lists once built. */
    TransitionTable freeze() {
        for (int i = 0; i < table.size(); i++) {
            table.set(i, List.copyOf(table.get(i)));
        }
        return this;
    }

    @Override
    public int numStates() {
        return numStates;
    }

    @Override
    public int numActions() {
        return numActions;
    }

    @Override
    public List<Transition> transitions(int state, int action) {
        if (state < 0 || state >= numStates || action < 0 || action >= numActions) {
            throw new IllegalArgumentException("state " + state + " / action " + action + " outside [0, " + numStates + ") × [0, "
                    + numActions + ")");
        }
        return table.get(state * numActions + action);
    }

    @Override
    public double[] initialStateDistribution() {
        return initial.clone();
    }
}
