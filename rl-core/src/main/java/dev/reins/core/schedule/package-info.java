/**
 * Schedules for hyperparameters that change over training (learning rate, clip range, exploration ε), as functions of
 * training progress in [0, 1]. In YAML a plain number is a constant; otherwise {@code {type: linear, start, end,
 * fraction}} and friends.
 */
package dev.reins.core.schedule;
