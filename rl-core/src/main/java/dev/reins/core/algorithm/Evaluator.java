package dev.reins.core.algorithm;

import dev.reins.core.env.Env;
import dev.reins.core.env.StepResult;
import dev.reins.core.policy.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a policy for a number of episodes and reports return statistics. Episode {@code k} is reset with seed
 * {@code seed + k}, so each is reproducible on its own. Envs without a time limit (CliffWalking) can loop forever
 * under a bad greedy policy; the evaluator stops such an episode at {@code maxSteps} and counts it as capped.
 *
 * <pre>{@code
 * EvalResult r = Evaluator.evaluate(Envs.make("Taxi-v4"), agent.policy(), 100, 1_000L, Evaluator.DEFAULT_MAX_STEPS);
 * }</pre>
 */
public final class Evaluator {
    /** The default per-episode step cap. */
    public static final int DEFAULT_MAX_STEPS = 10_000;

    private Evaluator() {}

    public static <O, A> EvalResult evaluate(Env<O, A> env, Policy<O, A> policy, int episodes, long seed, int maxSteps) {
        if (episodes <= 0 || maxSteps <= 0) {
            throw new IllegalArgumentException("evaluation needs episodes > 0 and maxSteps > 0, got " + episodes + ", " + maxSteps);
        }
        List<Double> returns = new ArrayList<>(episodes);
        double totalLength = 0;
        int capped = 0;
        for (int k = 0; k < episodes; k++) {
            O obs = env.reset(seed + k).observation();
            double ret = 0;
            int length = 0;
            while (true) {
                StepResult<O> r = env.step(policy.act(obs));
                ret += r.reward();
                length++;
                obs = r.observation();
                if (r.done()) {
                    break;
                }
                if (length >= maxSteps) {
                    capped++;
                    break;
                }
            }
            returns.add(ret);
            totalLength += length;
        }
        double mean = returns.stream().mapToDouble(Double::doubleValue).sum() / episodes;
        double var = returns.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum() / episodes;
        return new EvalResult(episodes, mean, Math.sqrt(var), totalLength / episodes, capped, returns);
    }
}
