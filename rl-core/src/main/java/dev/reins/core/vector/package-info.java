/**
 * Vectorized environments: N copies of an env stepped together, writing observations into one flat
 * {@code [N, obsDim]} buffer that a network reads as a batch. Synchronous and multi-threaded versions give identical
 * results for a seed.
 */
package dev.reins.core.vector;
