package dev.reins.core.env.wrappers;

/**
 * The return and length of one finished episode, put in the final step's info under {@link #INFO_KEY} by
 * {@link RecordEpisodeStatistics}.
 *
 * @param episodeReturn sum of the (unnormalized) rewards
 * @param length number of steps
 */
public record EpisodeStatistics(double episodeReturn, int length) {
    /** The info key. */
    public static final String INFO_KEY = "episode";
}
