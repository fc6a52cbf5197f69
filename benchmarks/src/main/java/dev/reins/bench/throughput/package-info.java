/** End-to-end training throughput per algorithm with a breakdown into env, inference, learning and other time. */
package dev.reins.bench.throughput;
