/**
 * TD3 (Fujimoto et al. 2018) and DDPG (Lillicrap et al. 2016): deterministic actors trained through a critic's action
 * gradient. DDPG is TD3 with one critic, no target smoothing and no delay, as SB3 implements it.
 */
package dev.reins.algorithms.td3;
