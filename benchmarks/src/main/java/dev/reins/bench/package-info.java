/** Benchmarks: experiment runs with their run folders, the tuned-config zoo, multi-seed suites, tables and plots. */
package dev.reins.bench;
