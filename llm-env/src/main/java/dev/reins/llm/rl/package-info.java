/** Reinforcement learning on language models: the transformer as a GRPO policy over {@code TokenEnv}, and the RLVR demo. */
package dev.reins.llm.rl;
