package dev.reins.core.demo;

import dev.reins.core.env.Env;
import dev.reins.core.env.StepResult;
import dev.reins.core.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records episodes of any policy as {@link Trajectory trajectories}. Episode {@code k} is reset with seed
 * {@code seed + k} (as {@code Evaluator} does), so a recording is reproducible. To record a stochastic policy's
 * samples, pass a policy that samples: {@code obs -> stochastic.sample(obs, rng)}.
 *
 * <pre>{@code
 * List<Trajectory<float[], Integer>> demos = TrajectoryRecorder.record(env, expert, 10, 0L, 10_000);
 * Demonstrations.write(Path.of("demos.jsonl"), env.name(), demos);
 * }</pre>
 */
public final class TrajectoryRecorder {
    private TrajectoryRecorder() {}

    /**
     * Plays {@code episodes} episodes of {@code policy} on {@code env}; an episode that reaches {@code maxSteps} without
     * ending is kept with neither flag set.
     */
    public static <O, A> List<Trajectory<O, A>> record(Env<O, A> env, Policy<O, A> policy, int episodes, long seed, int maxSteps) {
        if (episodes <= 0 || maxSteps <= 0) {
            throw new IllegalArgumentException("recording needs episodes > 0 and maxSteps > 0, got " + episodes + " and " + maxSteps);
        }
        List<Trajectory<O, A>> out = new ArrayList<>(episodes);
        for (int k = 0; k < episodes; k++) {
            List<O> observations = new ArrayList<>();
            List<A> actions = new ArrayList<>();
            List<Map<String, Object>> infos = new ArrayList<>();
            List<Double> rewards = new ArrayList<>();
            O obs = env.reset(seed + k).observation();
            observations.add(copy(obs));
            boolean terminated = false;
            boolean truncated = false;
            while (actions.size() < maxSteps && !terminated && !truncated) {
                A action = policy.act(obs);
                StepResult<O> r = env.step(action);
                actions.add(copy(action));
                rewards.add(r.reward());
                infos.add(r.info());
                obs = r.observation();
                observations.add(copy(obs));
                terminated = r.terminated();
                truncated = r.truncated();
            }
            out.add(new Trajectory<>(observations, actions, rewards.stream().mapToDouble(Double::doubleValue).toArray(), terminated,
                    truncated, infos));
        }
        return out;
    }

    /** Arrays are copied: envs and policies may reuse their buffers. */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof float[] x) {
            return (T) x.clone();
        }
        if (value instanceof int[] x) {
            return (T) x.clone();
        }
        if (value instanceof double[] x) {
            return (T) x.clone();
        }
        return value;
    }
}
