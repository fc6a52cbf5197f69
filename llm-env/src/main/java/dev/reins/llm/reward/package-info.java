/**
 * Reward functions for generated text: verifiers that check an extracted answer, rule-based format and length
 * rewards, weighted composites, and the interface a learned reward model implements.
 */
package dev.reins.llm.reward;
