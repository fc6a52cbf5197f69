/**
 * Parts shared by the deep RL trainers: the vectorized env loop every one of them drives, and the actor-critic
 * networks with their policy heads (and gSDE's state-dependent noise) that the policy-gradient family shares.
 */
package dev.reins.algorithms.common;
