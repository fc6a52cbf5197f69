package dev.reins.algorithms.grpo;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.Env;
import dev.reins.core.random.Rng;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GRPO's self-imitation memory: episodes that beat their group by a wide margin (rare successes), oldest first, of which
 * every optimizer step replays a few with a log-likelihood term. Its checkpoint stores each episode as its start seed,
 * actions, return and whether it terminated (not its final info); loading rebuilds the first observation by resetting
 * an env with that seed (a seeded reset gives the same start, which GRPO's groups already rely on).
 *
 * <pre>{@code
 * SelfImitationBuffer<int[]> buffer = new SelfImitationBuffer<>(1024);
 * buffer.add(episode);
 * List<Episode<int[]>> replayed = buffer.sample(16, rng);
 * }</pre>
 */
final class SelfImitationBuffer<O> {
    private final int capacity;
    private final ArrayDeque<Episode<O>> episodes = new ArrayDeque<>();

    /** {@code capacity} ≥ 1, as {@link GrpoConfig} checks for {@code self_imitation_capacity}. */
    SelfImitationBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** Keeps {@code episode}, dropping the oldest when full. */
    void add(Episode<O> episode) {
        if (episodes.size() == capacity) {
            episodes.pollFirst();
        }
        episodes.addLast(episode);
    }

    int size() {
        return episodes.size();
    }

    /** Up to {@code k} distinct stored episodes drawn uniformly (none when empty); the buffer keeps them. */
    List<Episode<O>> sample(int k, Rng rng) {
        List<Episode<O>> all = new ArrayList<>(episodes);
        return EpisodeBatches.select(all, EpisodeBatches.drawDistinct(all.size(), Math.min(k, all.size()), rng));
    }

    /** The stored episodes, oldest first (for tests). */
    List<Episode<O>> contents() {
        return List.copyOf(episodes);
    }

    void save(CheckpointWriter out, String prefix) {
        int n = episodes.size();
        long[] starts = new long[n];
        int[] lengths = new int[n];
        double[] returns = new double[n];
        int[] terminated = new int[n];
        int total = 0;
        for (Episode<O> e : episodes) {
            total += e.actions().length;
        }
        int[] actions = new int[total];
        int i = 0;
        int at = 0;
        for (Episode<O> e : episodes) {
            starts[i] = e.startSeed();
            lengths[i] = e.actions().length;
            returns[i] = e.totalReward();
            terminated[i] = e.terminated() ? 1 : 0;
            System.arraycopy(e.actions(), 0, actions, at, e.actions().length);
            at += e.actions().length;
            i++;
        }
        out.putLongs(prefix + "starts", starts);
        out.putInts(prefix + "lengths", lengths);
        out.putDoubles(prefix + "returns", returns);
        out.putInts(prefix + "actions", actions);
        out.putInts(prefix + "terminated", terminated);
    }

    /** Replaces the contents with the checkpoint's; {@code env} is reset with each start seed to rebuild its start. */
    void load(CheckpointReader in, String prefix, Env<O, Integer> env) {
        episodes.clear();
        if (!in.has(prefix + "starts")) { // checkpoints from before self-imitation hold none
            return;
        }
        long[] starts = in.longs(prefix + "starts");
        int[] lengths = in.ints(prefix + "lengths");
        double[] returns = in.doubles(prefix + "returns");
        int[] actions = in.ints(prefix + "actions");
        int[] terminated = in.ints(prefix + "terminated");
        int at = 0;
        for (int i = 0; i < starts.length; i++) {
            int[] a = java.util.Arrays.copyOfRange(actions, at, at + lengths[i]);
            at += lengths[i];
            O first = env.reset(starts[i]).observation();
            add(new Episode<>(starts[i], first, a, returns[i], terminated[i] == 1, Map.of()));
        }
    }
}
