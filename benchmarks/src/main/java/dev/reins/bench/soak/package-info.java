/**
 * The memory soak: long training runs with the process's memory sampled at a fixed interval, to show that resident
 * memory stays flat after warm-up ({@code ./reins bench --suite soak}).
 */
package dev.reins.bench.soak;
