package dev.reins.cli;

import dev.reins.algorithms.common.AcceptsRolloutWorkers;
import dev.reins.algorithms.rollout.RolloutWorkers;
import dev.reins.algorithms.rollout.ThreadRolloutWorkers;
import dev.reins.core.algorithm.Algorithm;

/** {@code train --rollout-workers N [--spark MASTER]}: the workers a PPO or A2C run collects its rollouts on. */
final class RolloutWorkersOption {
    private RolloutWorkersOption() {}

    /** Open workers, closed after the run (nothing when none were asked for). */
    interface Open extends AutoCloseable {
        @Override
        void close();
    }

    /** Refuses --rollout-workers for an algorithm that has none, before anything is written. */
    private static void check(Algorithm<?, ?> algorithm, Integer count) {
        if (count != null && !(algorithm instanceof AcceptsRolloutWorkers)) {
            throw new IllegalArgumentException("--rollout-workers: " + algorithm.name() + " has no rollout workers (ppo and a2c have; "
                    + "'reins llm grpo' too)");
        }
    }

    /** Starts {@code count} workers (threads, or Spark tasks on {@code spark}) and gives them to the run's trainer. */
    static Open attach(Algorithm<?, ?> algorithm, Integer count, String spark) {
        check(algorithm, count);
        if (count == null) {
            return () -> {};
        }
        RolloutWorkers workers = spark != null ? new dev.reins.bench.spark.SparkRolloutWorkers(spark, count)
                : new ThreadRolloutWorkers(count);
        try {
            ((AcceptsRolloutWorkers) algorithm).withRolloutWorkers(workers);
        } catch (Throwable e) { // also what Spark throws unchecked, e.g. a NotSerializableException: no context may leak
            workers.close();
            throw e;
        }
        return workers::close;
    }
}
