/** Turn-based, two-player, zero-sum games as forward models that planners (MCTS, alpha-beta) branch. */
package dev.reins.core.game;
