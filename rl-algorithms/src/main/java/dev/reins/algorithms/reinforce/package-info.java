/** REINFORCE (Williams 1992): Monte Carlo policy gradient on complete episodes, with an optional learned baseline. */
package dev.reins.algorithms.reinforce;
