package dev.reins.core.mdp;

/**
 * The outcome of one {@link ForwardModel#step}.
 *
 * @param state the next state
 * @param reward the reward, from the point of view of the player who moved
 * @param terminal whether the next state ends the episode
 * @param <S> state type
 */
public record ModelStep<S>(S state, double reward, boolean terminal) {}
