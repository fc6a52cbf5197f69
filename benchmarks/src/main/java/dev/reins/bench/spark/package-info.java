/**
 * What Reins runs on Apache Spark besides sweeps: {@link dev.reins.bench.spark.SparkRolloutWorkers} (a training run's
 * rollout workers as Spark tasks) and the one place Spark contexts are configured. Only {@code --spark} loads these
 * classes, so Spark stays off every other command's path.
 */
package dev.reins.bench.spark;
