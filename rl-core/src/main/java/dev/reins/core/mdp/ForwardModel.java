package dev.reins.core.mdp;

import java.util.List;

/**
 * A simulator that planners can branch: states are values (the model never mutates a state it was given), so
 * trying an action is {@code step(state, action)} and "restoring" is keeping the old state.
 *
 * <pre>{@code
 * ForwardModel<double[], Integer> model = cartPole.forwardModel();
 * double[] s = model.initialState(rng);
 * for (int a : model.legalActions(s)) {
 *     ModelStep<double[]> next = model.step(s, a);   // s is unchanged
 * }
 * }</pre>
 *
 * @param <S> state type
 * @param <A> action type
 */
public interface ForwardModel<S, A> {

    /** A start state drawn from the env's reset distribution. */
    S initialState(java.util.random.RandomGenerator rng);

    /** The actions allowed in {@code state} (all of them for most envs; board games restrict). */
    List<A> legalActions(S state);

    /** The outcome of {@code action} in {@code state}; {@code state} is not modified. */
    ModelStep<S> step(S state, A action, java.util.random.RandomGenerator rng);

    /** The player to move in {@code state}: 0 for single-agent envs, 0 or 1 for two-player games. */
    default int playerToMove(S state) {
        return 0;
    }
}
