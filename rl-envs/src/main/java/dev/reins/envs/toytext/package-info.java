/**
 * Gymnasium's toy-text environments: FrozenLake, CliffWalking, Taxi and Blackjack, with the same maps, rewards,
 * ends and options. The tabular ones expose their exact dynamics as an {@link dev.reins.core.mdp.Mdp}.
 */
package dev.reins.envs.toytext;
