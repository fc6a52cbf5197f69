/**
 * The Apache Spark backend of sweeps: every trial a Spark task. Only these classes touch Spark, and only
 * {@code reins sweep --spark} loads them, so Spark stays off every other command's path.
 */
package dev.reins.bench.sweep.spark;
