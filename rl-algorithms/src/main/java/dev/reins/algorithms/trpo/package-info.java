/**
 * Trust Region Policy Optimization (Schulman et al. 2015): a natural-gradient step by conjugate gradient on
 * Fisher-vector products, scaled to a KL radius and checked by a backtracking line search.
 */
package dev.reins.algorithms.trpo;
