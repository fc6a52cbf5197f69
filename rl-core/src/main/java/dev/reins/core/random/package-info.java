/** Seedable, checkpointable random number generation; every stochastic component takes an {@link dev.reins.core.random.Rng}. */
package dev.reins.core.random;
