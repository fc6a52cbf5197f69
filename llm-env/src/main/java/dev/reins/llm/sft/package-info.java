/** Supervised fine-tuning on prompt/completion pairs with the loss on completion tokens only. */
package dev.reins.llm.sft;
