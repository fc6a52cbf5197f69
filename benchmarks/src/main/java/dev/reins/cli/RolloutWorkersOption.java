package dev.reins.cli;

import dev.reins.algorithms.ppo.Ppo;
import dev.reins.algorithms.rollout.RolloutWorkers;
import dev.reins.algorithms.rollout.ThreadRolloutWorkers;
import dev.reins.core.algorithm.Algorithm;

/** {@code train --rollout-workers N [--spark MASTER]}: the workers a PPO run collects its rollouts on. */
final class RolloutWorkersOption {
    private RolloutWorkersOption() {}

    /** Open workers, closed after the run (nothing when none were asked for). */
    interface Open extends AutoCloseable {
        @Override
        void close();
    }

    /** Refuses --rollout-workers for an algorithm that has none, before anything is written. */
    private static void check(Algorithm<?, ?> algorithm, Integer count) {
        if (count != null && !(algorithm instanceof Ppo)) {
            throw new IllegalArgumentException("--rollout-workers: " + algorithm.name() + " has no rollout workers (ppo has; "
                    + "'reins llm grpo' too)");
        }
    }

    /** Starts {@code count} workers (threads, or Spark tasks on {@code spark}) and gives them to the run's PPO. */
    static Open attach(Algorithm<?, ?> algorithm, Integer count, String spark) {
        check(algorithm, count);
        if (count == null) {
            return () -> {};
        }
        RolloutWorkers workers = spark != null ? new dev.reins.bench.spark.SparkRolloutWorkers(spark, count)
                : new ThreadRolloutWorkers(count);
        try {
            ((Ppo) algorithm).withRolloutWorkers(workers);
        } catch (Throwable e) { // also what Spark throws unchecked, e.g. a NotSerializableException: no context may leak
            workers.close();
            throw e;
        }
        return workers::close;
    }
}
