package dev.reins.core.env;

import dev.reins.core.random.Rng;
import dev.reins.core.space.Box;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.MultiDiscrete;
import dev.reins.core.space.Space;
import dev.reins.core.space.TokenSequenceSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Exercises any {@link Env} and reports where it breaks the contract, like SB3's {@code check_env}: observations
 * inside the observation space, finite rewards, same seed → same episode, observations not overwritten by later
 * steps (buffers keep references), stepping after the end rejected with {@link IllegalStateException}, invalid
 * actions rejected with {@link IllegalArgumentException} whose message names the env.
 *
 * <pre>{@code
 * EnvCheckReport report = EnvChecker.check(Envs.make("Taxi-v4"), 0L, 500);
 * System.out.println(report);
 * }</pre>
 */
public final class EnvChecker {
    private EnvChecker() {}

    /** Checks {@code env} for {@code steps} random-action steps seeded with {@code seed}. */
    public static <O, A> EnvCheckReport check(Env<O, A> env, long seed, int steps) {
        List<String> problems = new ArrayList<>();
        String name = env.name();
        Space<O> obsSpace = env.observationSpace();
        Space<A> actSpace = env.actionSpace();
        Rng rng = new Rng(seed);

        checkSpaceSamples("observation", obsSpace, rng, problems);
        checkSpaceSamples("action", actSpace, rng, problems);

        // Record a run with fixed actions, then replay it: same seed, same actions -> same everything.
        List<A> actions = new ArrayList<>();
        List<Object> first = new ArrayList<>();
        ResetResult<O> reset = env.reset(seed);
        checkObservation("reset", reset.observation(), obsSpace, problems);
        first.add(copy(reset.observation()));
        int checked = 0;
        int episodes = 0;
        O previous = reset.observation();
        Object previousCopy = copy(previous);
        boolean sawEnd = false;
        for (int t = 0; t < steps; t++) {
            A action = actSpace.sample(rng);
            actions.add(action);
            StepResult<O> r;
            try {
                r = env.step(action);
            } catch (RuntimeException e) {
                problems.add("step " + t + " with valid action " + Space.describeValue(action) + " threw " + e);
                break;
            }
            checked++;
            checkObservation("step " + t, r.observation(), obsSpace, problems);
            if (!Double.isFinite(r.reward())) {
                problems.add("step " + t + " returned a non-finite reward " + r.reward());
            }
            if (r.info() == null) {
                problems.add("step " + t + " returned null info (use an empty map)");
            }
            if (!Objects.deepEquals(previous, previousCopy)) {
                problems.add("step " + t + " modified the observation returned by the previous call (return a fresh array)");
            }
            first.add(List.of(copy(r.observation()), r.reward(), r.terminated(), r.truncated()));
            previous = r.observation();
            previousCopy = copy(previous);
            if (r.done()) {
                if (!sawEnd) {
                    sawEnd = true;
                    checkStepAfterEnd(env, actSpace.sample(rng), problems);
                }
                episodes++;
                ResetResult<O> again = env.reset();
                checkObservation("reset after episode " + episodes, again.observation(), obsSpace, problems);
                first.add(copy(again.observation()));
                previous = again.observation();
                previousCopy = copy(previous);
            }
        }

        // Replay with the same seed and actions.
        List<Object> second = new ArrayList<>();
        second.add(copy(env.reset(seed).observation()));
        for (A action : actions) {
            StepResult<O> r;
            try {
                r = env.step(action);
            } catch (RuntimeException e) {
                problems.add("replay with the same seed threw " + e);
                break;
            }
            second.add(List.of(copy(r.observation()), r.reward(), r.terminated(), r.truncated()));
            if (r.done()) {
                second.add(copy(env.reset().observation()));
            }
        }
        if (!deepEquals(first, second)) {
            problems.add("reset(" + seed + ") with the same actions did not reproduce the same observations, rewards and flags");
        }

        checkInvalidActions(env, name, actSpace, seed, problems);
        return new EnvCheckReport(name, checked, problems);
    }

    private static <T> void checkSpaceSamples(String what, Space<T> space, Rng rng, List<String> problems) {
        for (int i = 0; i < 20; i++) {
            T x = space.sample(rng);
            if (!space.contains(x)) {
                problems.add(what + " space " + space + " sampled " + Space.describeValue(x) + " which it does not contain");
                return;
            }
        }
    }

    private static <O> void checkObservation(String where, O obs, Space<O> space, List<String> problems) {
        if (!space.contains(obs)) {
            problems.add(where + " returned observation " + Space.describeValue(obs) + " outside " + space);
        }
    }

    private static <O, A> void checkStepAfterEnd(Env<O, A> env, A action, List<String> problems) {
        try {
            env.step(action);
            problems.add("step() after the episode ended did not throw IllegalStateException");
        } catch (IllegalStateException e) {
            if (e.getMessage() == null || !e.getMessage().contains(env.name())) {
                problems.add("IllegalStateException for step() after the end does not name the env: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            problems.add("step() after the episode ended threw " + e + " instead of IllegalStateException");
        }
    }

    @SuppressWarnings("unchecked")
    private static <O, A> void checkInvalidActions(Env<O, A> env, String name, Space<A> space, long seed, List<String> problems) {
        List<Object> invalid = new ArrayList<>();
        if (space instanceof Discrete d) {
            invalid.add(d.start() + d.n());
            invalid.add(d.start() - 1);
        } else if (space instanceof Box b) {
            invalid.add(new float[b.dim() + 1]);
            float[] nan = new float[b.dim()];
            java.util.Arrays.fill(nan, Float.NaN);
            invalid.add(nan);
        } else if (space instanceof MultiDiscrete m) {
            invalid.add(m.nvec());
        } else if (space instanceof TokenSequenceSpace t) {
            invalid.add(new int[] {t.vocabSize()});
        }
        invalid.add(null);
        for (Object bad : invalid) {
            env.reset(seed);
            try {
                env.step((A) bad);
                problems.add("action " + Space.describeValue(bad) + " outside " + space + " was accepted");
            } catch (IllegalArgumentException e) {
                if (e.getMessage() == null || !e.getMessage().contains(name)) {
                    problems.add("IllegalArgumentException for action " + Space.describeValue(bad) + " does not name the env: "
                            + e.getMessage());
                }
            } catch (RuntimeException e) {
                problems.add("action " + Space.describeValue(bad) + " threw " + e + " instead of IllegalArgumentException");
            }
        }
    }

    private static Object copy(Object obs) {
        if (obs instanceof float[] f) {
            return f.clone();
        }
        if (obs instanceof int[] i) {
            return i.clone();
        }
        if (obs instanceof double[] d) {
            return d.clone();
        }
        return obs;
    }

    private static boolean deepEquals(List<Object> a, List<Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (x instanceof List<?> lx && y instanceof List<?> ly) {
                if (!deepEquals(new ArrayList<>(lx), new ArrayList<>(ly))) {
                    return false;
                }
            } else if (!Objects.deepEquals(x, y)) {
                return false;
            }
        }
        return true;
    }
}
