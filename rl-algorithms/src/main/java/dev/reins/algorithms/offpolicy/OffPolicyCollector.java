package dev.reins.algorithms.offpolicy;

import dev.reins.algorithms.common.VectorEnvLoop;
import dev.reins.core.buffer.ReplayBuffer;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.vector.VectorEnv;
import java.util.random.RandomGenerator;

/**
 * One vector step of an off-policy continuous-control trainer: actions in [−1, 1] from the algorithm (uniform random
 * before {@code learning_starts}), rescaled to the env's bounds, and every transition stored in the replay buffer
 * with its real next observation (the final one when the episode ended, so truncations bootstrap from it and only
 * terminations cut the return).
 *
 * <pre>{@code
 * collector.step(ctx, callback, randomActions, (obs, n, actions) -> actor.act(obs, n, actions));
 * }</pre>
 */
public final class OffPolicyCollector {
    /** Fills {@code actions} ([n × actionDim], in [−1, 1]) for the observations {@code obs} ([n × obsDim]). */
    @FunctionalInterface
    public interface ActionSource {
        void act(float[] obs, int n, double[] actions);
    }

    private final VectorEnvLoop<Object> loop;
    private final ReplayBuffer buffer;
    private final ActionScaling scaling;
    private final RandomGenerator rng;
    private final int numEnvs;
    private final int obsDim;
    private final int actionDim;
    private final double[] actions;
    private final float[] storedActions;
    private final Object[] envActions;
    private final float discount;
    private final boolean[] done;

    /** @param gamma the discount stored with each one-step transition (the batch's {@code discounts}) */
    public OffPolicyCollector(VectorEnvLoop<Object> loop, ReplayBuffer buffer, ActionScaling scaling, double gamma, RandomGenerator rng) {
        this.loop = loop;
        this.buffer = buffer;
        this.scaling = scaling;
        this.rng = rng;
        this.numEnvs = loop.numEnvs();
        this.obsDim = loop.obsDim();
        this.actionDim = scaling.dim();
        this.actions = new double[numEnvs * actionDim];
        this.storedActions = new float[numEnvs * actionDim];
        this.envActions = new float[numEnvs][actionDim];
        this.discount = (float) gamma;
        this.done = new boolean[numEnvs];
    }

    /**
     * Takes one vector step (uniform actions when {@code random}, else from {@code policy}), stores the transitions
     * and records episodes; returns which envs ended an episode (valid until the next step).
     */
    public boolean[] step(TrainingContext ctx, Callback callback, boolean random, ActionSource policy) {
        float[] obs = loop.observations();
        if (random) {
            for (int k = 0; k < actions.length; k++) {
                actions[k] = 2 * rng.nextDouble() - 1;
            }
        } else {
            policy.act(obs, numEnvs, actions);
        }
        for (int i = 0; i < numEnvs; i++) {
            scaling.toEnv(actions, i, (float[]) envActions[i]);
            for (int j = 0; j < actionDim; j++) {
                storedActions[i * actionDim + j] = (float) Math.max(-1, Math.min(1, actions[i * actionDim + j]));
            }
        }
        VectorEnv<Object> envs = loop.envs();
        envs.step(envActions);
        boolean[] terminated = envs.terminated();
        boolean[] truncated = envs.truncated();
        for (int i = 0; i < numEnvs; i++) {
            boolean done = terminated[i] || truncated[i];
            float[] next = done ? envs.finalObservations() : envs.observations();
            buffer.add(obs, i * obsDim, storedActions, i * actionDim, envs.rewards()[i], next, i * obsDim, terminated[i], discount);
        }
        loop.recordStep(ctx, callback);
        return doneFlags(terminated, truncated);
    }

    private boolean[] doneFlags(boolean[] terminated, boolean[] truncated) {
        for (int i = 0; i < numEnvs; i++) {
            done[i] = terminated[i] || truncated[i];
        }
        return done;
    }
}
