/**
 * Text ↔ token ids: a byte tokenizer for small tasks, byte-level BPE (trained here or loaded from GPT-2 style
 * files), special tokens and the ChatML chat template.
 */
package dev.reins.llm.tokenizer;
