/**
 * Deep Q-learning (Mnih et al., 2015) and its common improvements: Double DQN, a dueling head, prioritized replay,
 * n-step returns, Huber or squared loss, hard or Polyak target updates, vectorized acting.
 */
package dev.reins.algorithms.dqn;
