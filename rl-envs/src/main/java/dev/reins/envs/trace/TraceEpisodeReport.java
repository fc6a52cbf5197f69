package dev.reins.envs.trace;

/**
 * How one recorded episode replayed.
 *
 * @param env env id
 * @param seed the episode's seed in the trace
 * @param steps step lines replayed
 * @param observationMismatches steps whose float32 observation differed in any component
 * @param maxObservationDeviation largest |ours − Gymnasium's| over observation components
 * @param maxStateDeviation largest |ours − Gymnasium's| over the float64 next states
 * @param maxRewardDeviation largest |ours − Gymnasium's| over rewards
 * @param flagMismatches steps whose terminated or truncated flag differed
 * @param firstMismatch a description of the first mismatching step, or null
 */
public record TraceEpisodeReport(String env, long seed, int steps, int observationMismatches, double maxObservationDeviation,
        double maxStateDeviation, double maxRewardDeviation, int flagMismatches, String firstMismatch) {

    /** Whether the replay matched: observations exactly, flags exactly, states and rewards within tolerance. */
    public boolean matches(double stateTolerance) {
        return observationMismatches == 0 && flagMismatches == 0 && maxStateDeviation <= stateTolerance
                && maxRewardDeviation <= stateTolerance;
    }
}
