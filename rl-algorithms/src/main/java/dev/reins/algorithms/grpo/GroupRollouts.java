package dev.reins.algorithms.grpo;

import dev.reins.core.env.Env;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays groups of episodes: every env is reset with its group's start seed (so a group shares one start — for a
 * token env, one prompt), then all episodes are stepped together until each ends. The policy picks every action;
 * the envs give rewards and decide when episodes end.
 */
public final class GroupRollouts {
    private GroupRollouts() {}

    /**
     * Plays {@code envs.size()} episodes; env i starts from {@code startSeeds[i / groupSize]}.
     *
     * @param maxSteps a safety bound on episode length; an env that has not ended by then is an error
     */
    public static <O> List<Episode<O>> play(List<? extends Env<O, Integer>> envs, long[] startSeeds, int groupSize,
            SequencePolicy<O> policy, long seed, int maxSteps) {
        int n = envs.size();
        if (n != startSeeds.length * groupSize) {
            throw new IllegalArgumentException(n + " envs cannot hold " + startSeeds.length + " groups of " + groupSize);
        }
        List<O> first = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ResetResult<O> reset = envs.get(i).reset(startSeeds[i / groupSize]);
            first.add(reset.observation());
        }
        SequencePolicy.EpisodeActor<O> actor = policy.actor(first, seed);
        List<O> current = new ArrayList<>(first);
        List<List<Integer>> actions = new ArrayList<>();
        double[] returns = new double[n];
        boolean[] done = new boolean[n];
        boolean[] terminated = new boolean[n];
        List<java.util.Map<String, Object>> infos = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            actions.add(new ArrayList<>());
            infos.add(java.util.Map.of());
        }
        int remaining = n;
        for (int t = 0; remaining > 0; t++) {
            if (t >= maxSteps) {
                throw new IllegalStateException(remaining + " episodes did not end within " + maxSteps
                        + " steps; GRPO needs episodic envs (a token env ends at a stop token or its length limit)");
            }
            for (int i = 0; i < n; i++) {
                if (done[i]) {
                    continue;
                }
                int a = actor.act(i, current.get(i));
                StepResult<O> step = envs.get(i).step(a);
                actions.get(i).add(a);
                returns[i] += step.reward();
                current.set(i, step.observation());
                if (step.done()) {
                    done[i] = true;
                    terminated[i] = step.terminated();
                    infos.set(i, step.info());
                    remaining--;
                }
            }
        }
        List<Episode<O>> episodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] acts = actions.get(i).stream().mapToInt(Integer::intValue).toArray();
            episodes.add(new Episode<>(startSeeds[i / groupSize], first.get(i), acts, returns[i], terminated[i], infos.get(i)));
        }
        return episodes;
    }
}
