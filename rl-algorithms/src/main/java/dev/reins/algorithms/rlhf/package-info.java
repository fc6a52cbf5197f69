/**
 * PPO for RLHF (Ziegler et al., 2019; Ouyang et al., 2022): a policy over whole episodes of discrete actions (a
 * language model's completions), a critic, a frozen reference and an episode score (a reward model), with the
 * per-token KL to the reference folded into the reward, token-level GAE and the shared clipped surrogate loss.
 */
package dev.reins.algorithms.rlhf;
