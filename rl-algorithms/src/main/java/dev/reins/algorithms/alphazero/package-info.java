/**
 * AlphaZero (Silver et al., 2018) for {@link dev.reins.core.game.BoardGame}s: a policy/value network, self-play with
 * PUCT search, a replay of (position, visit distribution, outcome), and an arena that keeps a new network only if it
 * beats the current one.
 */
package dev.reins.algorithms.alphazero;
