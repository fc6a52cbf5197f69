package dev.reins.core.demo;

import java.util.List;
import java.util.Map;

/**
 * One episode, as the imitation algorithms read it: {@code T + 1} observations (the last one is where the episode
 * ended), {@code T} actions and rewards, and how it ended — Gymnasium's terminated (a terminal state) or truncated (cut
 * by a time limit), or neither when the recording stopped early.
 *
 * <pre>{@code
 * Trajectory<float[], Integer> t = TrajectoryRecorder.record(env, expert, 1, 0L, false).get(0);
 * float[] s0 = t.observations().get(0);
 * int a0 = t.actions().get(0);
 * }</pre>
 *
 * @param observations {@code s_0 … s_T}
 * @param actions {@code a_0 … a_{T-1}}
 * @param rewards {@code r_1 … r_T}, as the env paid them
 * @param terminated the episode reached a terminal state
 * @param truncated the episode was cut short by a time limit
 * @param infos the env's info of each step (possibly empty maps), {@code T} of them
 * @param <O> observation type
 * @param <A> action type
 */
public record Trajectory<O, A>(List<O> observations, List<A> actions, double[] rewards, boolean terminated, boolean truncated,
        List<Map<String, Object>> infos) {

    public Trajectory {
        observations = List.copyOf(observations);
        actions = List.copyOf(actions);
        rewards = rewards.clone();
        infos = List.copyOf(infos);
        if (observations.size() != actions.size() + 1) {
            throw new IllegalArgumentException("a trajectory has one more observation than actions, got " + observations.size()
                    + " observations and " + actions.size() + " actions");
        }
        if (rewards.length != actions.size() || infos.size() != actions.size()) {
            throw new IllegalArgumentException("a trajectory has one reward and one info per action, got " + actions.size()
                    + " actions, " + rewards.length + " rewards and " + infos.size() + " infos");
        }
        if (terminated && truncated) {
            throw new IllegalArgumentException("a trajectory ends either terminated or truncated, not both");
        }
    }

    /** The number of transitions {@code T}. */
    public int length() {
        return actions.size();
    }

    /** The undiscounted return, the sum of the rewards. */
    public double totalReward() {
        double sum = 0;
        for (double r : rewards) {
            sum += r;
        }
        return sum;
    }
}
