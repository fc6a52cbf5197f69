/** Advantage Actor-Critic (synchronous A2C): n-step / GAE advantages and one gradient step per short rollout. */
package dev.reins.algorithms.a2c;
