package dev.reins.algorithms.rlhf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.algorithms.grpo.Episode;
import dev.reins.algorithms.grpo.EpisodeScorer;
import dev.reins.algorithms.grpo.SequencePolicy;
import dev.reins.algorithms.loss.ClippedSurrogateLoss;
import dev.reins.algorithms.nn.Adam;
import dev.reins.algorithms.nn.Gradients;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.Env;
import dev.reins.core.env.ResetResult;
import dev.reins.core.env.StepResult;
import dev.reins.core.space.Discrete;
import dev.reins.core.space.MultiDiscrete;
import dev.reins.core.space.Space;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PPO-RLHF on a two-token "language": the first token a1, then a2, scored R(a1, a2) at the end. With the per-token KL
 * to a uniform reference folded into the reward, the optimum is known in closed form (the soft-optimal policy):
 * π*(a2 | a1) ∝ π_ref·exp(R/β), V(a1) = β·log E_ref[exp(R/β)], π*(a1) ∝ π_ref·exp(V(a1)/β). Without the KL shaping the
 * policy would become deterministic; without credit flowing back over tokens (GAE) the first token would not learn
 * V(a1).
 */
class PpoRlhfTest {
    private static final double[][] R = {{1.0, 0.0}, {0.2, 0.2}};
    private static final double BETA = 0.5;

    /** Observation {step, first token}; two binary actions; the score R(a1, a2) at the end; never truncated. */
    static final class TwoTokenEnv implements Env<int[], Integer> {
        private int step;
        private int first;

        @Override
        public Space<int[]> observationSpace() {
            return new MultiDiscrete(new int[] {3, 2});
        }

        @Override
        public Space<Integer> actionSpace() {
            return new Discrete(2);
        }

        @Override
        public ResetResult<int[]> reset(long seed) {
            step = 0;
            first = 0;
            return new ResetResult<>(new int[] {0, 0});
        }

        @Override
        public ResetResult<int[]> reset() {
            return reset(0);
        }

        @Override
        public StepResult<int[]> step(Integer action) {
            if (step == 0) {
                first = action;
                step = 1;
                return new StepResult<>(new int[] {1, first}, 0, false, false);
            }
            step = 2;
            return new StepResult<>(new int[] {2, first}, R[first][action], true, false);
        }
    }

    /** States: 0 = before a1, 1 + a1 = before a2. */
    private static int state(Episode<int[]> e, int t) {
        return t == 0 ? 0 : 1 + e.actions()[0];
    }

    /** Softmax table θ[state][action]. */
    static final class TablePolicy implements SequencePolicy<int[]> {
        final double[] theta = new double[6];
        private final double[] grad = new double[6];
        private final Adam adam = new Adam(6, 0.9, 0.999, 1e-8);

        double prob(int s, int a) {
            double p1 = 1 / (1 + Math.exp(theta[2 * s] - theta[2 * s + 1]));
            return a == 1 ? p1 : 1 - p1;
        }

        @Override
        public EpisodeActor<int[]> actor(List<int[]> first, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            return (row, obs) -> rng.nextDouble() < prob(obs[0] == 0 ? 0 : 1 + obs[1], 1) ? 1 : 0;
        }

        @Override
        public Scores score(List<Episode<int[]>> episodes) {
            int cols = SequencePolicy.columns(episodes);
            double[] lp = new double[episodes.size() * cols];
            double[] h = new double[lp.length];
            for (int r = 0; r < episodes.size(); r++) {
                for (int t = 0; t < episodes.get(r).actions().length; t++) {
                    int s = state(episodes.get(r), t);
                    lp[r * cols + t] = Math.log(prob(s, episodes.get(r).actions()[t]));
                    h[r * cols + t] = -(prob(s, 0) * Math.log(prob(s, 0)) + prob(s, 1) * Math.log(prob(s, 1)));
                }
            }
            return new Scores(lp, h, episodes.size(), cols);
        }

        @Override
        public void accumulateGradient(List<Episode<int[]>> episodes, double[] w, double[] wH) {
            int cols = SequencePolicy.columns(episodes);
            for (int r = 0; r < episodes.size(); r++) {
                for (int t = 0; t < episodes.get(r).actions().length; t++) {
                    int s = state(episodes.get(r), t);
                    for (int a = 0; a < 2; a++) {
                        grad[2 * s + a] += w[r * cols + t] * ((a == episodes.get(r).actions()[t] ? 1 : 0) - prob(s, a));
                    }
                }
            }
        }

        @Override
        public double applyGradient(double lr, double maxGradNorm) {
            double norm = Gradients.clipGlobalNorm(grad, maxGradNorm);
            adam.step(theta, grad, lr);
            Arrays.fill(grad, 0);
            return norm;
        }

        @Override
        public SequencePolicy<int[]> frozenCopy() {
            TablePolicy copy = new TablePolicy();
            System.arraycopy(theta, 0, copy.theta, 0, theta.length);
            return copy;
        }

        @Override
        public void save(CheckpointWriter out, String prefix) {
            out.putDoubles(prefix + "theta", theta);
            adam.save(out, prefix + "adam.");
        }

        @Override
        public void load(CheckpointReader in, String prefix) {
            System.arraycopy(in.doubles(prefix + "theta", 6), 0, theta, 0, 6);
            adam.load(in, prefix + "adam.");
        }
    }

    /** V[state], trained by Adam. */
    static final class TableCritic implements SequenceCritic<int[]> {
        final double[] v = new double[3];
        private final double[] grad = new double[3];
        private final Adam adam = new Adam(3, 0.9, 0.999, 1e-8);

        @Override
        public double[] values(List<Episode<int[]>> episodes) {
            int cols = SequencePolicy.columns(episodes);
            double[] out = new double[episodes.size() * cols];
            for (int r = 0; r < episodes.size(); r++) {
                for (int t = 0; t < episodes.get(r).actions().length; t++) {
                    out[r * cols + t] = v[state(episodes.get(r), t)];
                }
            }
            return out;
        }

        @Override
        public void accumulateGradient(List<Episode<int[]>> episodes, double[] w) {
            int cols = SequencePolicy.columns(episodes);
            for (int r = 0; r < episodes.size(); r++) {
                for (int t = 0; t < episodes.get(r).actions().length; t++) {
                    grad[state(episodes.get(r), t)] += w[r * cols + t];
                }
            }
        }

        @Override
        public double applyGradient(double lr, double maxGradNorm) {
            double norm = Gradients.clipGlobalNorm(grad, maxGradNorm);
            adam.step(v, grad, lr);
            Arrays.fill(grad, 0);
            return norm;
        }

        @Override
        public void save(CheckpointWriter out, String prefix) {
            out.putDoubles(prefix + "v", v);
            adam.save(out, prefix + "adam.");
        }

        @Override
        public void load(CheckpointReader in, String prefix) {
            System.arraycopy(in.doubles(prefix + "v", 3), 0, v, 0, 3);
            adam.load(in, prefix + "adam.");
        }
    }

    private static PpoRlhfConfig config(double beta, double lambda, boolean adaptive) {
        return new PpoRlhfConfig(256, 2, 64, 0.02, 0.05, 0.2, Double.NaN, 1.0, 1.0, lambda, beta, ClippedSurrogateLoss.KlEstimator.K1,
                adaptive, 0.05, 2_000, 0.0, Double.NaN, false, 0.0, 10.0, 4);
    }

    /** π*(a2 = 0 | a1) and π*(a1 = 0) of the KL-regularized objective with a uniform reference. */
    private static double[] softOptimum(double beta) {
        double[] v = new double[2];
        double[] second = new double[2];
        for (int a1 = 0; a1 < 2; a1++) {
            double e0 = Math.exp(R[a1][0] / beta);
            double e1 = Math.exp(R[a1][1] / beta);
            second[a1] = e0 / (e0 + e1);
            v[a1] = beta * Math.log(0.5 * e0 + 0.5 * e1);
        }
        double f0 = Math.exp(v[0] / beta);
        double f1 = Math.exp(v[1] / beta);
        return new double[] {f0 / (f0 + f1), second[0], second[1]};
    }

    private static double[] learned(TablePolicy p) {
        return new double[] {p.prob(0, 0), p.prob(1, 0), p.prob(2, 0)};
    }

    private static PpoRlhf<int[]> train(TablePolicy policy, PpoRlhfConfig config, int iterations) {
        PpoRlhf<int[]> ppo = new PpoRlhf<>(policy, new TableCritic(), TwoTokenEnv::new, EpisodeScorer.envReturn(), null, config, 1);
        for (int i = 0; i < iterations; i++) {
            ppo.iterate();
        }
        return ppo;
    }

    @Test
    void reachesTheSoftOptimumOfTheKlRegularizedObjective() {
        double[] optimum = softOptimum(BETA); // {0.738, 0.881, 0.5}
        TablePolicy policy = new TablePolicy();
        train(policy, config(BETA, 0.95, false), 200);
        assertArrayEquals(optimum, learned(policy), 0.04, "learned " + Arrays.toString(learned(policy)) + " vs optimum "
                + Arrays.toString(optimum));
        // The same run without the KL shaping goes greedy: the shaping is what keeps it at the optimum above.
        TablePolicy greedy = new TablePolicy();
        train(greedy, config(0.0, 0.95, false), 200);
        assertTrue(greedy.prob(0, 0) > 0.95 && greedy.prob(1, 0) > 0.95, Arrays.toString(learned(greedy)));
    }

    @Test
    void withLambdaZeroTheCriticCarriesTheCreditToTheFirstToken() {
        // λ = 0: the first token's advantage is r − β·kl + V(s₁) − V(s₀); only a critic that learned the shaped values
        // gives it the soft-optimal preference.
        TablePolicy policy = new TablePolicy();
        train(policy, config(BETA, 0.0, false), 250);
        assertArrayEquals(softOptimum(BETA), learned(policy), 0.05, Arrays.toString(learned(policy)));
    }

    @Test
    void theAdaptiveControllerMovesBetaTowardTheTargetKl() {
        TablePolicy policy = new TablePolicy();
        PpoRlhf<int[]> ppo = train(policy, config(0.05, 0.95, true), 60);
        Map<String, Double> m = ppo.iterate();
        // β = 0.05 lets the KL far above the 0.05 target, so the controller has raised β.
        assertTrue(ppo.klCoefficient() > 0.05, "beta " + ppo.klCoefficient());
        assertTrue(m.get("objective/kl") > 0, m.toString());
        assertEquals(m.get("objective/scores") + m.get("objective/non_score_reward"), m.get("objective/rlhf_reward"), 1e-12);
        assertEquals(256.0, m.get("val/num_eos_tokens"));
        assertEquals(2.0, m.get("completion_length"));
    }

    @Test
    void resumeEqualsUninterrupted(@TempDir Path dir) throws Exception {
        PpoRlhfConfig config = config(BETA, 0.95, true);
        TablePolicy straight = new TablePolicy();
        train(straight, config, 6);
        TablePolicy first = new TablePolicy();
        PpoRlhf<int[]> a = train(first, config, 3);
        CheckpointWriter w = new CheckpointWriter();
        a.save(w, "ppo.");
        w.writeTo(dir.resolve("ppo.ckpt"));
        TablePolicy resumed = new TablePolicy();
        PpoRlhf<int[]> b = new PpoRlhf<>(resumed, new TableCritic(), TwoTokenEnv::new, EpisodeScorer.envReturn(), null, config, 77);
        b.load(CheckpointReader.read(dir.resolve("ppo.ckpt")), "ppo.");
        for (int i = 0; i < 3; i++) {
            b.iterate();
        }
        assertArrayEquals(straight.theta, resumed.theta, 0.0);
    }

    @Test
    void whiteningKeepsOrIgnoresTheMeanAsAsked() {
        double[] x = {1, 2, 3, 100};
        double[] mask = {1, 1, 1, 0};
        PpoRlhf.whiten(x, mask, true);
        assertEquals(0.0, x[0] + x[1] + x[2], 1e-12);
        assertEquals(100.0, x[3]);
        double[] y = {1, 2, 3};
        PpoRlhf.whiten(y, new double[] {1, 1, 1}, false);
        assertEquals(2.0, (y[0] + y[1] + y[2]) / 3, 1e-12);
        assertEquals(1.0, y[2] - y[1], 1e-6);
    }
}
