/** Held-out evaluation of language models on verifiable prompts: greedy exact match and pass@k. */
package dev.reins.llm.eval;
