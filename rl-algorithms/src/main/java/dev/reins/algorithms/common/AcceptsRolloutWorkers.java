package dev.reins.algorithms.common;

import dev.reins.algorithms.rollout.RolloutWorkers;

/**
 * A vector-env trainer whose rollouts rollout workers can collect (PPO, A2C): the same seed and worker count give the
 * same run on any backend. The caller closes the workers.
 */
public interface AcceptsRolloutWorkers {
    /** Collects every rollout on {@code workers} from now on; returns this trainer. */
    AcceptsRolloutWorkers withRolloutWorkers(RolloutWorkers workers);
}
