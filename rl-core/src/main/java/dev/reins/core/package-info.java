/**
 * Reins core: the contracts every other module builds on — spaces, environments (Gymnasium semantics),
 * vectorized environments, MDP and forward models, policies and value functions, action distributions,
 * buffers, estimators, schedules, callbacks, metrics and checkpoints.
 */
package dev.reins.core;
