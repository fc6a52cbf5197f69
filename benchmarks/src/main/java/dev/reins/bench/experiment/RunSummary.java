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
 * @param diagnosis what diverged and at which step when {@code stopReason} is {@code diverged}, else null
 * @param best the best periodic evaluation (kept in {@code best/}), or null without {@code eval_every}
 */
public record RunSummary(String algo, String env, long seed, long steps, long budget, boolean completed, String stopReason,
        long episodes, double wallSeconds, double envStepsPerSecond, EvalResult eval, Double rewardThreshold, Boolean solved,
        String diagnosis, BestEvaluation best) {

    /** Whether training stopped because a quantity diverged. */
    public boolean diverged() {
        return DIVERGED.equals(stopReason);
    }

    /** The stop reason of a diverged run. */
    public static final String DIVERGED = "diverged";

    /**
     * The best of the periodic evaluations, whose checkpoint is {@code best/checkpoint.zip}.
     *
     * @param step the env step it was taken at
     * @param meanReturn its mean return
     */
    public record BestEvaluation(long step, double meanReturn) {}
}
