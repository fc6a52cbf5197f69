/**
 * Every learning algorithm of Reins, each reading as its pseudocode, with buffers, estimators, losses and networks
 * as separate parts. {@link dev.reins.algorithms.Algorithms} lists them by name for the command line.
 */
package dev.reins.algorithms;
