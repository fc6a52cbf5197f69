package dev.reins.algorithms.imitation;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.vector.VectorEnv;
import dev.reins.core.vector.wrappers.VectorEnvWrapper;

/**
 * Replaces the env's reward with a learned one and keeps every transition the generator makes for the next
 * discriminator update. The wrapped env's own rewards stay in its buffer, so episode returns are still the env's
 * (what the run reports), while the learner never sees them.
 *
 * <pre>{@code
 * var envs = new LearnedRewardVectorEnv<>(VectorEnvs.make("CartPole-v1", 8, AutoresetMode.SAME_STEP, Map.of()), reward, 1);
 * }</pre>
 *
 * @param <A> action type of one env
 */
public final class LearnedRewardVectorEnv<A> extends VectorEnvWrapper<A> {

    /** The learned reward of a batch of transitions. */
    @FunctionalInterface
    public interface Reward {
        /** Writes the reward of each of the first {@code n} rows of {@code batch} into {@code out}. */
        void rewards(TransitionBatch batch, int n, double[] out);
    }

    private final Reward reward;
    private final int numEnvs;
    private final int obsDim;
    private final TransitionBatch step;
    private final TransitionSet log;
    private final double[] rewards;
    private final float[] actionRow;
    private final double[] state;
    private final double[] next;

    public LearnedRewardVectorEnv(VectorEnv<A> env, Reward reward, int actionWidth) {
        super(env);
        this.reward = reward;
        this.numEnvs = env.numEnvs();
        this.obsDim = env.observationDim();
        this.step = new TransitionBatch(numEnvs, obsDim, actionWidth);
        this.log = new TransitionSet(obsDim, actionWidth);
        this.rewards = new double[numEnvs];
        this.actionRow = new float[actionWidth];
        this.state = new double[obsDim];
        this.next = new double[obsDim];
    }

    /** The generator's transitions since the last {@link TransitionSet#clear()}. */
    public TransitionSet transitions() {
        return log;
    }

    @Override
    public void step(A[] actions) {
        float[] before = env.observations();
        for (int i = 0; i < numEnvs * obsDim; i++) {
            step.states[i] = before[i];
        }
        env.step(actions);
        float[] after = env.observations();
        float[] last = env.finalObservations();
        boolean[] terminated = env.terminated();
        boolean[] truncated = env.truncated();
        for (int i = 0; i < numEnvs; i++) {
            // With same-step autoreset the observation of a finished env is already the next episode's first one.
            float[] source = terminated[i] || truncated[i] ? last : after;
            for (int j = 0; j < obsDim; j++) {
                step.nextStates[i * obsDim + j] = source[i * obsDim + j];
            }
            step.terminal[i] = terminated[i];
            TransitionSet.actionRow(actions[i], actionRow);
            System.arraycopy(actionRow, 0, step.actions, i * actionRow.length, actionRow.length);
        }
        reward.rewards(step, numEnvs, rewards);
        for (int i = 0; i < numEnvs; i++) {
            System.arraycopy(step.states, i * obsDim, state, 0, obsDim);
            System.arraycopy(step.nextStates, i * obsDim, next, 0, obsDim);
            System.arraycopy(step.actions, i * actionRow.length, actionRow, 0, actionRow.length);
            log.add(state, actionRow, next, step.terminal[i]);
        }
    }

    @Override
    public double[] rewards() {
        return rewards;
    }

    @Override
    protected void saveWrapperState(CheckpointWriter out, String prefix) {
        log.save(out, prefix + "generator_transitions.");
        out.putDoubles(prefix + "learned_rewards", rewards);
    }

    @Override
    protected void loadWrapperState(CheckpointReader in, String prefix) {
        log.load(in, prefix + "generator_transitions.");
        System.arraycopy(in.doubles(prefix + "learned_rewards", numEnvs), 0, rewards, 0, numEnvs);
    }
}
