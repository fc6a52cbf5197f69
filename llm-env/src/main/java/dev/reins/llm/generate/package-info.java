/**
 * Decoding: greedy, temperature / top-k / top-p sampling, beam search and best-of-N, batched over prompts on the
 * transformer's KV cache, with stop tokens and seeded sampling.
 */
package dev.reins.llm.generate;
