/** The registry of environments by Gymnasium id, with their time limits, reward thresholds and options. */
package dev.reins.envs.registry;
