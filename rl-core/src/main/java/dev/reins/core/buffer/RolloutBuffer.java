package dev.reins.core.buffer;

import dev.reins.core.estimate.GeneralizedAdvantageEstimator;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * One on-policy rollout of {@code steps} vector steps over {@code envs} envs, time-major, in flat arrays: what PPO,
 * A2C and TRPO collect before each update. After the rollout, {@link #computeAdvantages} runs GAE with the
 * terminated / truncated distinction; truncated steps bootstrap from the value of their final observation, given with
 * {@link #setTruncationValue}.
 *
 * <pre>{@code
 * RolloutBuffer buffer = new RolloutBuffer(128, 4, obsDim, 1);
 * while (!buffer.isFull()) {
 *     buffer.add(obs, actions, rewards, terminated, truncated, values, logProbs);
 *     // for each env i truncated this step: buffer.setTruncationValue(i, critic(finalObs_i));
 * }
 * buffer.computeAdvantages(lastValues, 0.99, 0.95);
 * }</pre>
 */
public final class RolloutBuffer implements dev.reins.core.checkpoint.Checkpointable {
    public final int steps;
    public final int envs;
    public final int obsDim;
    public final int actionDim;
    public final float[] observations;
    public final float[] actions;
    public final double[] logProbs;
    public final double[] values;
    public final double[] rewards;
    public final boolean[] terminated;
    public final boolean[] truncated;
    /** Whether each transition is a real step (false for the reset step of a next-step autoreset). */
    public final boolean[] valid;
    public final double[] advantages;
    public final double[] returns;
    private final double[] truncationValues;
    private final double[] nextValues;
    private int t;

    public RolloutBuffer(int steps, int envs, int obsDim, int actionDim) {
        if (steps <= 0 || envs <= 0 || obsDim <= 0 || actionDim <= 0) {
            throw new IllegalArgumentException("rollout buffer needs positive sizes, got steps=" + steps + ", envs=" + envs
                    + ", obsDim=" + obsDim + ", actionDim=" + actionDim);
        }
        this.steps = steps;
        this.envs = envs;
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        int n = steps * envs;
        observations = new float[n * obsDim];
        actions = new float[n * actionDim];
        logProbs = new double[n];
        values = new double[n];
        rewards = new double[n];
        terminated = new boolean[n];
        truncated = new boolean[n];
        valid = new boolean[n];
        advantages = new double[n];
        returns = new double[n];
        truncationValues = new double[n];
        nextValues = new double[n];
    }

    /** The number of transitions a full buffer holds. */
    public int size() {
        return steps * envs;
    }

    /** Vector steps stored so far. */
    public int position() {
        return t;
    }

    public boolean isFull() {
        return t == steps;
    }

    /** Empties the buffer for the next rollout. */
    public void reset() {
        t = 0;
        Arrays.fill(truncationValues, 0);
    }

    /** Stores one vector step (arrays are row-major over envs and copied). */
    public void add(float[] obs, float[] acts, double[] stepRewards, boolean[] stepTerminated, boolean[] stepTruncated,
            double[] stepValues, double[] stepLogProbs) {
        add(obs, acts, stepRewards, stepTerminated, stepTruncated, stepValues, stepLogProbs, null);
    }

    /** As {@link #add(float[], float[], double[], boolean[], boolean[], double[], double[])}, marking invalid steps. */
    public void add(float[] obs, float[] acts, double[] stepRewards, boolean[] stepTerminated, boolean[] stepTruncated,
            double[] stepValues, double[] stepLogProbs, boolean[] stepValid) {
        if (isFull()) {
            throw new IllegalStateException("rollout buffer is full (" + steps + " steps); call reset()");
        }
        int base = t * envs;
        System.arraycopy(obs, 0, observations, base * obsDim, envs * obsDim);
        System.arraycopy(acts, 0, actions, base * actionDim, envs * actionDim);
        System.arraycopy(stepRewards, 0, rewards, base, envs);
        System.arraycopy(stepTerminated, 0, terminated, base, envs);
        System.arraycopy(stepTruncated, 0, truncated, base, envs);
        System.arraycopy(stepValues, 0, values, base, envs);
        System.arraycopy(stepLogProbs, 0, logProbs, base, envs);
        for (int i = 0; i < envs; i++) {
            valid[base + i] = stepValid == null || stepValid[i];
        }
        t++;
    }

    /** V(final observation) of env {@code env} at the most recent step, which was truncated. */
    public void setTruncationValue(int env, double value) {
        if (t == 0) {
            throw new IllegalStateException("no step stored yet");
        }
        truncationValues[(t - 1) * envs + env] = value;
    }

    /** V(final observation) of transition {@code index} ({@code step × envs + env}; 0 where it was not truncated). */
    public double truncationValue(int index) {
        return truncationValues[index];
    }

    /** Runs GAE over the full buffer; {@code lastValues[i]} is V of env i's observation after the last step. */
    public void computeAdvantages(double[] lastValues, double gamma, double lambda) {
        if (!isFull()) {
            throw new IllegalStateException("rollout buffer holds " + t + " of " + steps + " steps");
        }
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < envs; i++) {
                int k = s * envs + i;
                if (truncated[k]) {
                    nextValues[k] = truncationValues[k];
                } else if (s == steps - 1) {
                    nextValues[k] = lastValues[i];
                } else {
                    nextValues[k] = values[k + envs];
                }
            }
        }
        GeneralizedAdvantageEstimator.compute(steps, envs, rewards, values, nextValues, terminated, truncated, gamma, lambda,
                advantages, returns);
    }

    /** The valid transition indices in random order, for minibatch epochs. */
    public int[] shuffledValidIndices(RandomGenerator rng) {
        int count = 0;
        for (boolean v : valid) {
            count += v ? 1 : 0;
        }
        int[] idx = new int[count];
        int j = 0;
        for (int k = 0; k < valid.length; k++) {
            if (valid[k]) {
                idx[j++] = k;
            }
        }
        for (int i = idx.length - 1; i > 0; i--) {
            int r = rng.nextInt(i + 1);
            int tmp = idx[i];
            idx[i] = idx[r];
            idx[r] = tmp;
        }
        return idx;
    }

    @Override
    public void save(dev.reins.core.checkpoint.CheckpointWriter out, String prefix) {
        out.putInts(prefix + "position", new int[] {t});
        out.putFloats(prefix + "observations", observations);
        out.putFloats(prefix + "actions", actions);
        out.putDoubles(prefix + "log_probs", logProbs);
        out.putDoubles(prefix + "values", values);
        out.putDoubles(prefix + "rewards", rewards);
        out.putDoubles(prefix + "truncation_values", truncationValues);
        int[] flags = new int[3 * steps * envs];
        for (int k = 0; k < steps * envs; k++) {
            flags[k] = terminated[k] ? 1 : 0;
            flags[steps * envs + k] = truncated[k] ? 1 : 0;
            flags[2 * steps * envs + k] = valid[k] ? 1 : 0;
        }
        out.putInts(prefix + "flags", flags);
    }

    @Override
    public void load(dev.reins.core.checkpoint.CheckpointReader in, String prefix) {
        t = in.ints(prefix + "position", 1)[0];
        System.arraycopy(in.floats(prefix + "observations", observations.length), 0, observations, 0, observations.length);
        System.arraycopy(in.floats(prefix + "actions", actions.length), 0, actions, 0, actions.length);
        System.arraycopy(in.doubles(prefix + "log_probs", logProbs.length), 0, logProbs, 0, logProbs.length);
        System.arraycopy(in.doubles(prefix + "values", values.length), 0, values, 0, values.length);
        System.arraycopy(in.doubles(prefix + "rewards", rewards.length), 0, rewards, 0, rewards.length);
        System.arraycopy(in.doubles(prefix + "truncation_values", truncationValues.length), 0, truncationValues, 0,
                truncationValues.length);
        int[] flags = in.ints(prefix + "flags", 3 * steps * envs);
        for (int k = 0; k < steps * envs; k++) {
            terminated[k] = flags[k] != 0;
            truncated[k] = flags[steps * envs + k] != 0;
            valid[k] = flags[2 * steps * envs + k] != 0;
        }
    }
}
