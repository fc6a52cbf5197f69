/**
 * Parts of the off-policy continuous-control trainers (DDPG, TD3, SAC): the acting-and-storing loop over a vector env
 * and a replay buffer, Q-networks on (observation, action), the critic ensemble with its targets and optimizers, action
 * noise, and the map between the policy's [−1, 1] actions and the env's bounds.
 */
package dev.reins.algorithms.offpolicy;
