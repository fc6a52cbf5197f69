package dev.reins.bench.experiment;

import dev.reins.core.algorithm.EvalResult;

/**
 * The headline numbers of a run, written to {@code summary.json}.
 *
 * @param algo algorithm name
 * @param env env id
 * @param seed run seed
 * @param steps steps trained (may be below the budget if stopped early)
 * @param budget the configured step budget
 * @param completed whether the budget was reached
 * @param stopReason why training stopped early, or null
 * @param episodes training episodes finished
 * @param wallSeconds training wall time, summed over resumed segments
 * @param envStepsPerSecond steps / wall seconds
 * @param eval the final deterministic evaluation, or null with zero eval episodes
 * @param rewardThreshold Gymnasium's solve threshold for the env, or null
 * @param solved whether the evaluation mean reached the threshold, or null without one
 */
public record RunSummary(String algo, String env, long seed, long steps, long budget, boolean completed, String stopReason,
        long episodes, double wallSeconds, double envStepsPerSecond, EvalResult eval, Double rewardThreshold, Boolean solved) {}
