/** Monte Carlo tree search over any forward model: UCT with random rollouts, for board games and single-agent envs. */
package dev.reins.algorithms.mcts;
