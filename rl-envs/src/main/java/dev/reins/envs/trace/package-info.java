/**
 * Replays step-by-step traces recorded from Gymnasium (format in {@code shared/reference/README.md}) against our envs
 * and reports, per env and seed, how far they deviate.
 */
package dev.reins.envs.trace;
