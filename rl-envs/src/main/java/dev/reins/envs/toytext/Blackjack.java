package dev.reins.envs.toytext;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.BaseEnv;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.random.Rng;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.MultiDiscrete;
import dev.reins.core.space.Space;
import java.util.Arrays;
import java.util.Map;

/**
 * Gymnasium's Blackjack-v1 (Sutton &amp; Barto, Example 5.1), cards drawn from an infinite deck. Observation
 * (player sum, dealer's showing card 1–10, usable ace 0/1) in {@code MultiDiscrete(32, 11, 2)}; actions 0 stick,
 * 1 hit. Reward +1 win, −1 loss, 0 draw, given when the episode terminates. {@code sab} (the registered default)
 * follows the book: a natural wins unless the dealer also has one; otherwise {@code natural} pays 1.5 for a winning
 * natural. Wrap with {@code FlattenDiscreteObservation} for tabular methods.
 *
 * <pre>{@code
 * Blackjack env = new Blackjack("Blackjack-v1", false, true);
 * }</pre>
 */
public final class Blackjack extends BaseEnv<int[], Integer> {
    private static final int[] DECK = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10};
    private static final MultiDiscrete OBSERVATIONS = new MultiDiscrete(32, 11, 2);
    private static final Discrete ACTIONS = new Discrete(2);

    private final boolean natural;
    private final boolean sab;
    private int[] player = new int[0];
    private int[] dealer = new int[0];

    public Blackjack(String name, boolean natural, boolean sab) {
        super(name);
        this.natural = natural;
        this.sab = sab;
    }

    @Override
    public Space<int[]> observationSpace() {
        return OBSERVATIONS;
    }

    @Override
    public Space<Integer> actionSpace() {
        return ACTIONS;
    }

    private static int draw(Rng rng) {
        return DECK[rng.nextInt(DECK.length)];
    }

    private static int[] with(int[] hand, int card) {
        int[] h = Arrays.copyOf(hand, hand.length + 1);
        h[hand.length] = card;
        return h;
    }

    static boolean usableAce(int[] hand) {
        int sum = Arrays.stream(hand).sum();
        return Arrays.stream(hand).anyMatch(c -> c == 1) && sum + 10 <= 21;
    }

    static int sumHand(int[] hand) {
        int sum = Arrays.stream(hand).sum();
        return usableAce(hand) ? sum + 10 : sum;
    }

    static boolean isBust(int[] hand) {
        return sumHand(hand) > 21;
    }

    static int score(int[] hand) {
        return isBust(hand) ? 0 : sumHand(hand);
    }

    static boolean isNatural(int[] hand) {
        return hand.length == 2 && ((hand[0] == 1 && hand[1] == 10) || (hand[0] == 10 && hand[1] == 1));
    }

    private int[] observation() {
        return new int[] {sumHand(player), dealer[0], usableAce(player) ? 1 : 0};
    }

    @Override
    protected ResetResult<int[]> resetEpisode(Rng rng) {
        dealer = new int[] {draw(rng), draw(rng)};
        player = new int[] {draw(rng), draw(rng)};
        return new ResetResult<>(observation(), Map.of());
    }

    @Override
    protected StepResult<int[]> stepEpisode(Integer action) {
        Rng rng = rng();
        boolean terminated;
        double reward;
        if (action == 1) {
            player = with(player, draw(rng));
            terminated = isBust(player);
            reward = terminated ? -1.0 : 0.0;
        } else {
            terminated = true;
            while (sumHand(dealer) < 17) {
                dealer = with(dealer, draw(rng));
            }
            reward = Integer.compare(score(player), score(dealer));
            if (sab && isNatural(player) && !isNatural(dealer)) {
                reward = 1.0;
            } else if (!sab && natural && isNatural(player) && reward == 1.0) {
                reward = 1.5;
            }
        }
        return new StepResult<>(observation(), reward, terminated, false, Map.of());
    }

    @Override
    protected void saveState(CheckpointWriter out, String prefix) {
        out.putInts(prefix + "player", player);
        out.putInts(prefix + "dealer", dealer);
    }

    @Override
    protected void loadState(CheckpointReader in, String prefix) {
        player = in.ints(prefix + "player");
        dealer = in.ints(prefix + "dealer");
    }
}
