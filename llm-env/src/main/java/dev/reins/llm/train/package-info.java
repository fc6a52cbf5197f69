/** What every step-based LLM trainer shares: the warm-up + cosine learning-rate schedule and the logged step loop. */
package dev.reins.llm.train;
