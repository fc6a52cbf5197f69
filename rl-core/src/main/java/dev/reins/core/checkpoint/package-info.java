/**
 * Checkpoints: one zip file holding every named array and string a run needs to continue bit for bit (weights,
 * optimizer state, generator states, counters, normalizer statistics, env state), written atomically and checked
 * for version, shape and corruption on load.
 */
package dev.reins.core.checkpoint;
