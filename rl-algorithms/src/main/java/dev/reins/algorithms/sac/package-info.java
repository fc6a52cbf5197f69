/** Soft Actor-Critic (Haarnoja et al. 2018): a tanh-squashed Gaussian actor, twin critics and automatic entropy tuning. */
package dev.reins.algorithms.sac;
