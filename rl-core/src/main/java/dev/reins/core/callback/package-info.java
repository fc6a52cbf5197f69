/**
 * Hooks into training: callbacks observe steps, episodes, rollouts, updates and evaluations, and may ask training to
 * stop early through the {@link dev.reins.core.callback.TrainingContext}.
 */
package dev.reins.core.callback;
