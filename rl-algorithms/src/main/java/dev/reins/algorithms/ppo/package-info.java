/**
 * Proximal Policy Optimization (Schulman et al., 2017) with the clipped surrogate of
 * {@link dev.reins.algorithms.loss.ClippedSurrogateLoss}: GAE, minibatch epochs, advantage normalization, optional value
 * clipping, global-norm clipping, learning-rate and clip-range schedules, target-KL early stop.
 */
package dev.reins.algorithms.ppo;
