/**
 * Imitation learning from demonstrations ({@code dev.reins.core.demo}): behaviour cloning, DAgger, GAIL and AIRL
 * (PPO paid by a discriminator, no env reward) and maximum-entropy IRL on known MDPs.
 */
package dev.reins.algorithms.imitation;
