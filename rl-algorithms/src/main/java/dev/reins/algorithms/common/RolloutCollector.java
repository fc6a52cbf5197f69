package dev.reins.algorithms.common;

import dev.reins.algorithms.nn.Widen;
import dev.reins.core.buffer.RolloutBuffer;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.vector.VectorEnv;
import java.util.random.RandomGenerator;

/**
 * Fills a {@link RolloutBuffer} with on-policy vector steps, as every policy-gradient trainer does: one batched
 * forward of the policy (and of the value network) per vector step, the env step, and the transition stored with its
 * log-probability and value. A truncated (not terminated) episode stores V(final observation) so that GAE bootstraps
 * from it: a time limit is not the MDP's end.
 *
 * <pre>{@code
 * while (!buffer.isFull()) collector.collectStep(ctx, callback);    // calls callback.onStep after each step
 * collector.computeAdvantages(gamma, lambda);
 * }</pre>
 */
public final class RolloutCollector {
    private final VectorEnvLoop<Object> loop;
    private final ActorCritic actorCritic;
    private final RolloutBuffer buffer;
    private final RandomGenerator rng;
    private final int numEnvs;
    private final int obsDim;
    private final Object[] envActions;
    private final float[] storedActions;
    private final double[] obsBatch;
    private final double[] logProbs;
    private final double[] values;
    private final double[] finalObs;
    private final double[] oneValue = new double[1];

    public RolloutCollector(VectorEnvLoop<Object> loop, ActorCritic actorCritic, RolloutBuffer buffer, RandomGenerator rng) {
        this.loop = loop;
        this.actorCritic = actorCritic;
        this.buffer = buffer;
        this.rng = rng;
        this.numEnvs = loop.numEnvs();
        this.obsDim = loop.obsDim();
        this.envActions = actorCritic.newEnvActions(numEnvs);
        this.storedActions = new float[numEnvs * actorCritic.actionWidth()];
        this.obsBatch = new double[numEnvs * obsDim];
        this.logProbs = new double[numEnvs];
        this.values = new double[numEnvs];
        this.finalObs = new double[obsDim];
    }

    /** Takes one vector step with sampled actions and stores it. */
    public void collectStep(TrainingContext ctx, Callback callback) {
        VectorEnv<Object> envs = loop.envs();
        Widen.copy(loop.observations(), 0, obsBatch, 0, numEnvs * obsDim);
        actorCritic.act(obsBatch, numEnvs, rng, envActions, storedActions, logProbs);
        if (actorCritic.valueNetwork() != null) {
            actorCritic.values(obsBatch, numEnvs, values);
        }
        envs.step(envActions);
        buffer.add(loop.observations(), storedActions, envs.rewards(), envs.terminated(), envs.truncated(), values, logProbs);
        if (actorCritic.valueNetwork() != null) {
            for (int i = 0; i < numEnvs; i++) {
                if (envs.truncated()[i] && !envs.terminated()[i]) {
                    Widen.copy(envs.finalObservations(), i * obsDim, finalObs, 0, obsDim);
                    actorCritic.values(finalObs, 1, oneValue);
                    buffer.setTruncationValue(i, oneValue[0]);
                }
            }
        }
        loop.recordStep(ctx, callback);
        callback.onStep(ctx);
    }

    /**
     * Fills the rest of the buffer step by step; returns false when the callback asked to stop before it was full (the
     * partial rollout stays in the buffer, and in a checkpoint taken then).
     */
    public boolean collectRollout(TrainingContext ctx, Callback callback) {
        while (!buffer.isFull() && !ctx.stopRequested()) {
            collectStep(ctx, callback);
        }
        return buffer.isFull();
    }

    /**
     * GAE(γ, λ) over the full buffer, bootstrapping from V of the observations after the last step (0 without a
     * value network).
     */
    public void computeAdvantages(double gamma, double lambda) {
        java.util.Arrays.fill(values, 0);
        if (actorCritic.valueNetwork() != null) {
            Widen.copy(loop.observations(), 0, obsBatch, 0, numEnvs * obsDim);
            actorCritic.values(obsBatch, numEnvs, values);
        }
        buffer.computeAdvantages(values, gamma, lambda);
    }
}
