/**
 * Tabular reinforcement learning on envs with finitely many states and actions: dynamic programming on a known
 * {@link dev.reins.core.mdp.Mdp} (value and policy iteration), Monte Carlo control, and temporal-difference control
 * (Q-learning, SARSA, Expected SARSA, SARSA(λ), Watkins's Q(λ)).
 */
package dev.reins.algorithms.tabular;
