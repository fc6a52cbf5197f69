/**
 * JMH microbenchmarks, run with {@code reins bench --suite micro}: env steps (single and vectorized), and, as the
 * deep-learning parts land, network forward/backward, estimators and replay sampling.
 */
package dev.reins.bench.jmh;
