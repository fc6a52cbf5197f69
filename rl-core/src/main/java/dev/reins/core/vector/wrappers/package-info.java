/**
 * Wrappers around a whole {@link dev.reins.core.vector.VectorEnv}, sharing statistics across its envs as
 * Gymnasium's vector wrappers and SB3's {@code VecNormalize} do: observation and reward normalization.
 */
package dev.reins.core.vector.wrappers;
