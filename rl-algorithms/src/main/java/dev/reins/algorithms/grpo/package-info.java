/**
 * GRPO: group-relative advantages over several episodes from one start, the shared clipped surrogate with a KL
 * penalty to a frozen reference, generic over a {@link dev.reins.algorithms.grpo.SequencePolicy} — a transformer
 * over a token env in llm-env, or any small policy over an episodic env.
 */
package dev.reins.algorithms.grpo;
