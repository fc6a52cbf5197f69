/** The {@code reins} command line: train, eval, envs, algos. */
package dev.reins.cli;
