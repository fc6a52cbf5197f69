package dev.reins.llm.rl;

import dev.reins.algorithms.rlhf.PpoRlhf;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.llm.eval.SampledCompletions;
import dev.reins.llm.reward.RewardFunction;
import dev.reins.llm.train.StepTrainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * PPO-RLHF as a {@link StepTrainer} (one step = one iteration), so the step loop logs, evaluates and checkpoints it as
 * it does SFT, reward modelling and DPO. An evaluation samples one completion per held-out prompt and reports the
 * reward model's mean score ({@code eval_score}), the KL to the starting policy ({@code eval_kl}), the share that
 * stopped ({@code eval_stopped}) and, when a monitor exists, its mean ({@code eval_monitor_score}).
 *
 * <pre>{@code
 * PpoRlhfRun run = new PpoRlhfRun(ppo, 200, 20, () -> SampledCompletions.sample(...), rewardModel, gold);
 * StepTrainingLoop.run(run, dir.resolve("ppo_log"), false, 0, 0, null, System.out::println);
 * }</pre>
 */
public final class PpoRlhfRun implements StepTrainer {
    private final PpoRlhf<int[]> ppo;
    private final int iterations;
    private final int evalEvery;
    private final Supplier<SampledCompletions> heldOut;
    private final RewardFunction score;
    private final RewardFunction monitor;

    /**
     * @param heldOut samples the current policy on the held-out prompts (null: no evaluation)
     * @param score the reward model, as a batched reward function
     * @param monitor a gold reward or verifier to log beside it, or null
     */
    public PpoRlhfRun(PpoRlhf<int[]> ppo, int iterations, int evalEvery, Supplier<SampledCompletions> heldOut,
            RewardFunction score, RewardFunction monitor) {
        if (iterations <= 0 || evalEvery < 0) {
            throw new IllegalArgumentException("PPO needs iterations > 0 and eval_every >= 0, got " + iterations + ", " + evalEvery);
        }
        this.ppo = ppo;
        this.iterations = iterations;
        this.evalEvery = evalEvery;
        this.heldOut = heldOut;
        this.score = score;
        this.monitor = monitor;
    }

    @Override
    public int stepsDone() {
        return ppo.iteration();
    }

    @Override
    public boolean finished() {
        return ppo.iteration() >= iterations;
    }

    @Override
    public int evalEvery() {
        return evalEvery;
    }

    @Override
    public Map<String, Double> step() {
        Map<String, Double> m = new LinkedHashMap<>();
        ppo.iterate().forEach((k, v) -> m.put(k.equals("iteration") ? "step" : k, v));
        return m;
    }

    @Override
    public Map<String, Double> evaluate() {
        if (heldOut == null) {
            return Map.of();
        }
        SampledCompletions s = heldOut.get();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("eval_score", mean(s.scores(score)));
        m.put("eval_kl", s.meanKl());
        m.put("eval_stopped", s.stoppedFraction());
        if (monitor != null) {
            m.put("eval_monitor_score", mean(s.scores(monitor)));
        }
        return m;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    @Override
    public List<String> columns() {
        List<String> out = new ArrayList<>();
        out.add("step");
        PpoRlhf.METRICS.stream().filter(k -> !k.equals("iteration")).forEach(out::add);
        out.addAll(List.of("eval_score", "eval_kl", "eval_stopped", "eval_monitor_score"));
        return out;
    }

    @Override
    public String progressLine(Map<String, Double> row) {
        return String.format("PPO iteration %d: score %.3f, KL %.3f, β %.4f, clip %.3f", row.get("step").intValue(),
                row.get("objective/scores"), row.get("objective/kl"), row.get("kl_coefficient"), row.get("policy/clipfrac_avg"))
                + (row.containsKey("eval_score") ? String.format(", held-out score %.3f (KL %.3f, stopped %.2f)%s", row.get("eval_score"),
                        row.get("eval_kl"), row.get("eval_stopped"), row.containsKey("eval_monitor_score")
                                ? String.format(", monitor %.3f", row.get("eval_monitor_score")) : "") : "");
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        ppo.save(out, prefix);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        ppo.load(in, prefix);
    }
}
