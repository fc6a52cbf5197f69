/** Matches between board-game players named on the command line (MCTS, alpha-beta, minimax, random). */
package dev.reins.bench.games;
