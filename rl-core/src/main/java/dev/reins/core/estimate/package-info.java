/**
 * Return and advantage estimators as plain functions on arrays: discounted returns, GAE(γ, λ), n-step returns,
 * group-normalized advantages (GRPO) and leave-one-out baselines (RLOO).
 *
 * <p>Rollout arrays are laid out time-major, {@code [steps][envs]} flattened as {@code t * envs + i}. Every
 * estimator takes {@code nextValues[t, i]} = V(observation returned by step t) — the final observation when step t
 * was truncated — and treats the two ends differently: after {@code terminated} nothing is bootstrapped; after
 * {@code truncated} the return is bootstrapped from {@code nextValues}; either way nothing flows in from step t+1,
 * which belongs to the next episode.
 */
package dev.reins.core.estimate;
