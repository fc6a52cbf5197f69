package dev.reins.core.mdp;

import java.util.List;

/**
 * A finite Markov decision process given explicitly: for every state and action, the list of possible outcomes with
 * their probabilities. Toy-text envs expose theirs (Gymnasium's {@code env.P}) so value and policy iteration can
 * solve them exactly.
 *
 * <pre>{@code
 * Mdp mdp = ((TabularEnv) Envs.make("FrozenLake-v1").unwrapped()).mdp();
 * for (Mdp.Transition t : mdp.transitions(0, 2)) { ... t.probability() ... }
 * }</pre>
 */
public interface Mdp {

    /** One possible outcome of taking an action in a state. */
    record Transition(double probability, int nextState, double reward, boolean terminal) {}

    int numStates();

    int numActions();

    /** The outcomes of {@code action} in {@code state}; probabilities sum to 1. */
    List<Transition> transitions(int state, int action);

    /** The probability of starting in each state. */
    double[] initialStateDistribution();

    /** Checks that every transition list is a probability distribution over valid states; throws if not. */
    default void validate() {
        for (int s = 0; s < numStates(); s++) {
            for (int a = 0; a < numActions(); a++) {
                double total = 0;
                for (Transition t : transitions(s, a)) {
                    if (t.probability() < 0 || t.nextState() < 0 || t.nextState() >= numStates()) {
                        throw new IllegalStateException("invalid transition from state " + s + " action " + a + ": " + t);
                    }
                    total += t.probability();
                }
                if (Math.abs(total - 1) > 1e-9) {
                    throw new IllegalStateException("transitions from state " + s + " action " + a + " sum to " + total);
                }
            }
        }
    }
}
