/**
 * One training run end to end: resolve and validate the configuration, train with progress and metrics, checkpoint,
 * evaluate, and write the run folder (config.yaml, metrics.csv/jsonl, summary.json, learning_curve.png,
 * checkpoint.zip).
 */
package dev.reins.bench.experiment;
