/**
 * Action distributions: {@link dev.reins.core.distribution.Categorical} for discrete actions,
 * {@link dev.reins.core.distribution.DiagGaussian} and the tanh-{@link dev.reins.core.distribution.SquashedGaussian}
 * for continuous ones. Each gives sample, mode, log-probability, entropy and KL divergence.
 */
package dev.reins.core.distribution;
