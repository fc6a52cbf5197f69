/**
 * Language-model alignment environments: tokenizers, the transformer policy, {@code TokenEnv}, reward functions
 * (verifiers, reward models), SFT, DPO, and the RLHF / RLVR recipes that drive rl-algorithms' PPO and GRPO.
 * Built in the llm-env issue; the module exists now so that the module graph of the design is in place.
 */
package dev.reins.llm;
