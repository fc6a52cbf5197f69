/**
 * The environment contract with Gymnasium's semantics: {@link dev.reins.core.env.Env#reset(long)} and
 * {@link dev.reins.core.env.Env#step}, terminated (a true end, no bootstrap) versus truncated (a time limit,
 * bootstrap), wrappers, and an {@link dev.reins.core.env.EnvChecker} that finds contract violations in any env.
 */
package dev.reins.core.env;
