package dev.reins.core.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reins.core.random.Rng;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Every estimator against a naive loop that sums the definition directly, with ends anywhere in the rollout. */
class EstimatorProperties {

    /** A random rollout with terminations and truncations sprinkled anywhere, including mid-batch. */
    record Rollout(int steps, int envs, double[] rewards, double[] values, double[] nextValues, boolean[] terminated,
            boolean[] truncated) {
        static Rollout random(int steps, int envs, long seed) {
            Rng rng = new Rng(seed);
            int n = steps * envs;
            double[] rewards = new double[n];
            double[] values = new double[n];
            double[] nextValues = new double[n];
            boolean[] terminated = new boolean[n];
            boolean[] truncated = new boolean[n];
            for (int k = 0; k < n; k++) {
                rewards[k] = rng.nextGaussian();
                values[k] = rng.nextGaussian();
                double u = rng.nextDouble();
                terminated[k] = u < 0.1;
                truncated[k] = u >= 0.1 && u < 0.18;
            }
            // nextValues: V(s_{t+1}) continues from values[t+1] within an episode; a fresh value at ends and the last step.
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < envs; i++) {
                    int k = t * envs + i;
                    boolean ended = terminated[k] || truncated[k];
                    nextValues[k] = !ended && t + 1 < steps ? values[k + envs] : rng.nextGaussian();
                }
            }
            return new Rollout(steps, envs, rewards, values, nextValues, terminated, truncated);
        }

        int k(int t, int i) {
            return t * envs + i;
        }

        boolean ended(int t, int i) {
            return terminated[k(t, i)] || truncated[k(t, i)];
        }
    }

    /** G_t = Σ γ^j r_{t+j} up to the end of the episode or rollout, plus γ^m V(next) unless terminated. */
    static double naiveReturn(Rollout r, int t, int i, double gamma, int horizon) {
        double g = 0;
        double discount = 1;
        for (int j = t; ; j++) {
            int k = r.k(j, i);
            g += discount * r.rewards[k];
            discount *= gamma;
            if (r.terminated[k]) {
                return g;
            }
            if (r.truncated[k] || j == r.steps - 1 || j - t + 1 == horizon) {
                return g + discount * r.nextValues[k];
            }
        }
    }

    @Property
    void discountedReturnsMatchTheDefinition(@ForAll @IntRange(min = 1, max = 30) int steps, @ForAll @IntRange(min = 1, max = 4) int envs,
            @ForAll @DoubleRange(min = 0, max = 1) double gamma, @ForAll long seed) {
        Rollout r = Rollout.random(steps, envs, seed);
        double[] out = new double[steps * envs];
        DiscountedReturns.compute(steps, envs, r.rewards, r.nextValues, r.terminated, r.truncated, gamma, out);
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < envs; i++) {
                assertEquals(naiveReturn(r, t, i, gamma, Integer.MAX_VALUE), out[r.k(t, i)], 1e-9);
            }
        }
    }

    @Property
    void nStepReturnsMatchTheDefinition(@ForAll @IntRange(min = 1, max = 25) int steps, @ForAll @IntRange(min = 1, max = 3) int envs,
            @ForAll @IntRange(min = 1, max = 6) int n, @ForAll @DoubleRange(min = 0, max = 1) double gamma, @ForAll long seed) {
        Rollout r = Rollout.random(steps, envs, seed);
        double[] out = new double[steps * envs];
        NStepReturns.compute(steps, envs, n, r.rewards, r.nextValues, r.terminated, r.truncated, gamma, out);
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < envs; i++) {
                assertEquals(naiveReturn(r, t, i, gamma, n), out[r.k(t, i)], 1e-9);
            }
        }
    }

    @Property
    void gaeMatchesTheSumOfDiscountedTdErrors(@ForAll @IntRange(min = 1, max = 30) int steps, @ForAll @IntRange(min = 1, max = 4) int envs,
            @ForAll @DoubleRange(min = 0, max = 1) double gamma, @ForAll @DoubleRange(min = 0, max = 1) double lambda, @ForAll long seed) {
        Rollout r = Rollout.random(steps, envs, seed);
        double[] adv = new double[steps * envs];
        double[] ret = new double[steps * envs];
        GeneralizedAdvantageEstimator.compute(steps, envs, r.rewards, r.values, r.nextValues, r.terminated, r.truncated, gamma, lambda,
                adv, ret);
        for (int i = 0; i < envs; i++) {
            for (int t = 0; t < steps; t++) {
                // A_t = Σ_l (γλ)^l δ_{t+l}, stopping after the step that ends the episode.
                double a = 0;
                double weight = 1;
                for (int j = t; j < steps; j++) {
                    int k = r.k(j, i);
                    double delta = r.rewards[k] + (r.terminated[k] ? 0 : gamma * r.nextValues[k]) - r.values[k];
                    a += weight * delta;
                    weight *= gamma * lambda;
                    if (r.ended(j, i)) {
                        break;
                    }
                }
                assertEquals(a, adv[r.k(t, i)], 1e-9);
                assertEquals(a + r.values[r.k(t, i)], ret[r.k(t, i)], 1e-9);
            }
        }
    }

    @Property
    void gaeWithLambdaOneIsTheReturnMinusTheValue(@ForAll @IntRange(min = 1, max = 20) int steps, @ForAll long seed,
            @ForAll @DoubleRange(min = 0, max = 1) double gamma) {
        Rollout r = Rollout.random(steps, 2, seed);
        double[] adv = new double[steps * 2];
        double[] ret = new double[steps * 2];
        double[] mc = new double[steps * 2];
        GeneralizedAdvantageEstimator.compute(steps, 2, r.rewards, r.values, r.nextValues, r.terminated, r.truncated, gamma, 1.0, adv, ret);
        DiscountedReturns.compute(steps, 2, r.rewards, r.nextValues, r.terminated, r.truncated, gamma, mc);
        for (int k = 0; k < mc.length; k++) {
            assertEquals(mc[k], ret[k], 1e-9);
        }
    }

    @Example
    void truncationBootstrapsAndTerminationDoesNot() {
        // One env, two steps each ending an episode: step 0 truncated, step 1 terminated.
        double[] adv = new double[2];
        double[] ret = new double[2];
        GeneralizedAdvantageEstimator.compute(2, 1, new double[] {1, 1}, new double[] {0, 0}, new double[] {10, 10},
                new boolean[] {false, true}, new boolean[] {true, false}, 0.5, 0.9, adv, ret);
        assertEquals(1 + 0.5 * 10, adv[0], 1e-12, "truncated: r + γ V(final observation)");
        assertEquals(1, adv[1], 1e-12, "terminated: r only");
    }

    @Property
    void groupAdvantagesAreCenteredAndScaledPerGroup(@ForAll @IntRange(min = 1, max = 6) int groups, @ForAll @IntRange(min = 2, max = 8) int size,
            @ForAll long seed) {
        Rng rng = new Rng(seed);
        double[] rewards = new double[groups * size];
        for (int k = 0; k < rewards.length; k++) {
            rewards[k] = rng.nextInt(3); // ties and zero-std groups happen
        }
        double[] scaled = new double[rewards.length];
        double[] centered = new double[rewards.length];
        GroupAdvantages.compute(rewards, size, true, 1e-4, scaled);
        GroupAdvantages.compute(rewards, size, false, 1e-4, centered);
        for (int g = 0; g < groups; g++) {
            double mean = 0;
            for (int j = 0; j < size; j++) {
                mean += rewards[g * size + j];
            }
            mean /= size;
            double ss = 0;
            for (int j = 0; j < size; j++) {
                ss += Math.pow(rewards[g * size + j] - mean, 2);
            }
            double std = Math.sqrt(ss / (size - 1));
            for (int j = 0; j < size; j++) {
                int k = g * size + j;
                assertEquals(rewards[k] - mean, centered[k], 1e-12);
                assertEquals((rewards[k] - mean) / (std + 1e-4), scaled[k], 1e-12);
            }
        }
    }

    @Property
    void leaveOneOutUsesTheMeanOfTheOthers(@ForAll @IntRange(min = 1, max = 5) int groups, @ForAll @IntRange(min = 2, max = 7) int size,
            @ForAll long seed) {
        Rng rng = new Rng(seed);
        double[] rewards = new double[groups * size];
        for (int k = 0; k < rewards.length; k++) {
            rewards[k] = rng.nextGaussian();
        }
        double[] adv = new double[rewards.length];
        LeaveOneOutBaseline.compute(rewards, size, adv);
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < size; j++) {
                double others = 0;
                for (int m = 0; m < size; m++) {
                    if (m != j) {
                        others += rewards[g * size + m];
                    }
                }
                assertEquals(rewards[g * size + j] - others / (size - 1), adv[g * size + j], 1e-12);
            }
        }
    }

    @Example
    void shapeMistakesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GeneralizedAdvantageEstimator.compute(2, 2,
                new double[3], new double[4], new double[4], new boolean[4], new boolean[4], 0.9, 0.9, new double[4], new double[4]));
        assertEquals("rewards has 3 entries, expected steps × envs = 2 × 2 = 4", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupAdvantages.compute(new double[5], 2, true, 1e-4, new double[5]));
        assertThrows(IllegalArgumentException.class, () -> LeaveOneOutBaseline.compute(new double[4], 1, new double[4]));
    }
}
