/**
 * Rollout workers: one training run's experience collected by several workers each round — the learner's weights
 * copied to every worker, each worker plays its share with its own replica of the policy and envs, the learner
 * updates on the results. {@link dev.reins.algorithms.rollout.ThreadRolloutWorkers} runs the workers on threads of this
 * JVM; the benchmarks module runs them as Apache Spark tasks. Both give the same results for the same seed and
 * worker count.
 */
package dev.reins.algorithms.rollout;
