/**
 * Language-model alignment environments: tokenizers, the GPT-2 transformer policy and its optimizer, generation,
 * {@code TokenEnv}, reward functions (verifiers, rule-based rewards), SFT, and the RLVR recipe that drives
 * rl-algorithms' GRPO. Reward models, DPO and PPO-RLHF are the next issue.
 */
package dev.reins.llm;
