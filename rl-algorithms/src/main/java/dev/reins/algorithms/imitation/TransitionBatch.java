package dev.reins.algorithms.imitation;

/**
 * A minibatch of transitions as a discriminator reads it, row-major: state features {@code [n × stateDim]}, actions
 * {@code [n × actionWidth]} (a discrete action's index or a continuous action's values), next-state features, whether
 * each next state is terminal, the generator's log π(a|s) of each row (AIRL's discriminator needs it), and whether a
 * row is the absorbing state's self-transition rather than a transition of the env (AIRL's terminal handling).
 */
public final class TransitionBatch {
    public final int capacity;
    public final int stateDim;
    public final int actionWidth;
    public final double[] states;
    public final float[] actions;
    public final double[] nextStates;
    public final boolean[] terminal;
    public final double[] logPi;
    public final boolean[] absorbing;

    public TransitionBatch(int capacity, int stateDim, int actionWidth) {
        this.capacity = capacity;
        this.stateDim = stateDim;
        this.actionWidth = actionWidth;
        this.states = new double[capacity * stateDim];
        this.actions = new float[capacity * actionWidth];
        this.nextStates = new double[capacity * stateDim];
        this.terminal = new boolean[capacity];
        this.logPi = new double[capacity];
        this.absorbing = new boolean[capacity];
    }

    /** Copies row {@code k} of {@code data} into row {@code row}. */
    void set(int row, TransitionSet data, int k) {
        data.copy(k, states, actions, nextStates, row);
        terminal[row] = data.terminal(k);
        absorbing[row] = false;
    }

    /** Makes row {@code row} the absorbing state's self-transition. */
    void setAbsorbing(int row) {
        java.util.Arrays.fill(states, row * stateDim, (row + 1) * stateDim, 0.0);
        java.util.Arrays.fill(nextStates, row * stateDim, (row + 1) * stateDim, 0.0);
        java.util.Arrays.fill(actions, row * actionWidth, (row + 1) * actionWidth, 0f);
        terminal[row] = false;
        absorbing[row] = true;
        logPi[row] = 0.0; // one action in the absorbing state
    }
}
