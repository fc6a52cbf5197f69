/**
 * Observation and action spaces, as in Gymnasium: {@link dev.reins.core.space.Discrete},
 * {@link dev.reins.core.space.Box}, {@link dev.reins.core.space.MultiDiscrete} and the token-sequence space used
 * by language-model environments. Each can test membership, sample, and describe itself as JSON.
 */
package dev.reins.core.space;
