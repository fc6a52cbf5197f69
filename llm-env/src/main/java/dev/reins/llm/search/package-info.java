/**
 * Search at inference time over a language model's tokens, scored by a verifier or a process reward model: greedy,
 * best-of-N, value-guided beam search and MCTS (PUCT with the model's probabilities as priors), each counting the
 * model and value forward passes it spends; and the process reward model trained from rollouts.
 */
package dev.reins.llm.search;
