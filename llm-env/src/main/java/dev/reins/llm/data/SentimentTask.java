package dev.reins.llm.data;

import dev.reins.llm.reward.PromptExample;
import dev.reins.llm.reward.RewardFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The RLHF demo's task, a small stand-in for the DPO paper's IMDb experiment: "reviews" are strings over the letters
 * a–h, written by a fixed Markov chain (what the SFT model learns), and a hidden gold reward — the mean
 * {@link #SENTIMENT} of the letters — says how positive a review is. A prompt is the start of a review (three
 * letters and {@code >}); the completion continues it with 4–8 letters, then end-of-text. Training never sees the gold
 * reward: only preference pairs labelled by a Bradley–Terry draw on it ({@link #label}), so the best accuracy any
 * reward model can reach on those labels is known.
 *
 * <pre>{@code
 * SentimentTask task = new SentimentTask();
 * SplittableRandom rng = new SplittableRandom(0);
 * String prompt = task.prompt(rng);                  // e.g. "cga>"
 * double g = task.gold().reward(new PromptExample(prompt, ""), "ffbf");
 * }</pre>
 */
public final class SentimentTask {
    /** The alphabet of reviews. */
    public static final String LETTERS = "abcdefgh";
    /** The hidden gold value of each letter of {@link #LETTERS}: the reward is their mean over the completion. */
    static final double[] SENTIMENT = {-0.2, 0.5, -0.7, 0.1, -1.0, 1.0, -0.4, 0.3};
    /** A character outside the alphabet counts as this (a malformed review is worse than any real one). */
    static final double INVALID = -1.5;
    public static final int PROMPT_LETTERS = 3;
    public static final int MIN_LETTERS = 4;
    public static final int MAX_LETTERS = 8;
    /** Seed of the fixed Markov chain (the same chain for every run). */
    private static final long CHAIN_SEED = 20_261_201L;

    private final double[][] transitions = new double[LETTERS.length()][LETTERS.length()];

    public SentimentTask() {
        SplittableRandom rng = new SplittableRandom(CHAIN_SEED);
        for (int i = 0; i < LETTERS.length(); i++) {
            double sum = 0;
            for (int j = 0; j < LETTERS.length(); j++) {
                // Peaked rows (exponential weights cubed): each letter has a few likely successors, as words do.
                double w = Math.pow(-Math.log(1 - rng.nextDouble()), 3);
                transitions[i][j] = w;
                sum += w;
            }
            for (int j = 0; j < LETTERS.length(); j++) {
                transitions[i][j] /= sum;
            }
        }
    }

    /** A prompt: {@link #PROMPT_LETTERS} letters of the chain, then {@code >}. */
    public String prompt(SplittableRandom rng) {
        StringBuilder s = new StringBuilder();
        int c = rng.nextInt(LETTERS.length());
        s.append(LETTERS.charAt(c));
        for (int i = 1; i < PROMPT_LETTERS; i++) {
            c = next(c, rng);
            s.append(LETTERS.charAt(c));
        }
        return s.append('>').toString();
    }

    /** A review continuing {@code prompt}: the chain's next 4–8 letters. */
    public String review(String prompt, SplittableRandom rng) {
        int c = LETTERS.indexOf(prompt.charAt(prompt.length() - 2));
        int n = MIN_LETTERS + rng.nextInt(MAX_LETTERS - MIN_LETTERS + 1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            c = next(c, rng);
            s.append(LETTERS.charAt(c));
        }
        return s.toString();
    }

    private int next(int from, SplittableRandom rng) {
        double u = rng.nextDouble();
        for (int j = 0; j < LETTERS.length() - 1; j++) {
            u -= transitions[from][j];
            if (u < 0) {
                return j;
            }
        }
        return LETTERS.length() - 1;
    }

    public List<PromptExample> prompts(int n, SplittableRandom rng) {
        List<PromptExample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new PromptExample(prompt(rng), ""));
        }
        return out;
    }

    /** SFT examples: prompts with a review of the chain. */
    public List<PromptCompletion> sftExamples(int n, SplittableRandom rng) {
        List<PromptCompletion> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String p = prompt(rng);
            out.add(new PromptCompletion(p, review(p, rng)));
        }
        return out;
    }

    /** The gold reward: the mean sentiment of the completion's characters (−1.5 for a character outside a–h; −1.5 if empty). */
    public RewardFunction gold() {
        return (example, completion) -> {
            if (completion.isEmpty()) {
                return INVALID;
            }
            double sum = 0;
            for (int i = 0; i < completion.length(); i++) {
                int k = LETTERS.indexOf(completion.charAt(i));
                sum += k < 0 ? INVALID : SENTIMENT[k];
            }
            return sum / completion.length();
        };
    }

    /**
     * The Bradley–Terry preference of a over b: true (a preferred) with probability σ((gold_a − gold_b) / temperature),
     * drawn with {@code u} uniform in [0, 1).
     */
    public static boolean label(double goldA, double goldB, double temperature, double u) {
        return u < 1 / (1 + Math.exp(-(goldA - goldB) / temperature));
    }

    /** The probability that the label agrees with the gold order: the best any reward model can do on this pair. */
    public static double bestAccuracy(double goldA, double goldB, double temperature) {
        double p = 1 / (1 + Math.exp(-(goldA - goldB) / temperature));
        return Math.max(p, 1 - p);
    }
}
