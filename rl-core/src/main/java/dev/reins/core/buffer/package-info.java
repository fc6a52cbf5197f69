/**
 * Experience storage in plain Java arrays (never native memory): the on-policy {@link
 * dev.reins.core.buffer.RolloutBuffer}, the circular {@link dev.reins.core.buffer.ReplayBuffer} and its {@link
 * dev.reins.core.buffer.PrioritizedReplayBuffer} over a {@link dev.reins.core.buffer.SumTree}.
 */
package dev.reins.core.buffer;
