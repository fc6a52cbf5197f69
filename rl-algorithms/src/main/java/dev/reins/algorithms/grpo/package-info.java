/**
 * GRPO: group-relative advantages over several episodes from one start, the shared clipped surrogate with a KL
 * penalty to a frozen reference, generic over a {@link dev.reins.algorithms.grpo.SequencePolicy} — a transformer
 * over a token env in llm-env, or any small policy over an episodic env. Optional parts: DAPO's dynamic sampling,
 * prompt replay, and self-imitation of rare successes ({@code SelfImitationBuffer}).
 */
package dev.reins.algorithms.grpo;
