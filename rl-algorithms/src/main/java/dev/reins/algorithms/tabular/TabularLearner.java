package dev.reins.algorithms.tabular;

import dev.reins.core.algorithm.Algorithm;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.env.Env;
import dev.reins.core.env.StepResult;
import dev.reins.core.env.wrappers.EpisodeStatistics;
import dev.reins.core.policy.Policy;
import dev.reins.core.random.Rng;
import dev.reins.core.random.SplitMix;
import dev.reins.core.space.Discrete;

/**
 * The interaction loop shared by model-free tabular learners: reset, act, step, count, report episodes, checkpoint
 * everything (Q-table, generators, env, the episode in progress). Subclasses write only the learning rule in
 * {@link #startEpisode} and {@link #learn(int, int, double, int, boolean, boolean, double)}.
 */
public abstract class TabularLearner implements Algorithm<Integer, Integer> {
    protected final Env<Integer, Integer> env;
    protected final QTable q;
    protected final Rng rng;
    private final long seed;
    private long steps;
    private long episodes;
    private boolean inEpisode;
    private int state;
    private int action;
    private double episodeReturn;
    private int episodeLength;

    protected TabularLearner(Env<Integer, Integer> env, double initialQ, long seed) {
        this.env = env;
        if (!(env.observationSpace() instanceof Discrete obs) || !(env.actionSpace() instanceof Discrete act)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs Discrete observation and action spaces; "
                    + env.name() + " has " + env.observationSpace() + " / " + env.actionSpace());
        }
        this.q = new QTable(obs.n(), act.n(), initialQ);
        this.seed = seed;
        this.rng = new Rng(SplitMix.derive(seed, 1));
    }

    /** The learned action values. */
    public QTable qTable() {
        return q;
    }

    @Override
    public long stepsDone() {
        return steps;
    }

    /** Episodes finished so far. */
    public long episodesDone() {
        return episodes;
    }

    @Override
    public Policy<Integer, Integer> policy() {
        return q::greedyAction;
    }

    @Override
    public final void learn(long totalSteps, Callback callback) {
        TrainingContext ctx = new TrainingContext(name(), totalSteps);
        ctx.setStep(steps);
        callback.onTrainingStart(ctx);
        while (steps < totalSteps && !ctx.stopRequested()) {
            double progress = (double) steps / totalSteps;
            if (!inEpisode) {
                // The first episode is seeded from the run seed; later ones continue the env's own stream.
                state = episodes == 0 ? env.reset(SplitMix.derive(seed, 0)).observation() : env.reset().observation();
                action = startEpisode(state, progress);
                inEpisode = true;
                episodeReturn = 0;
                episodeLength = 0;
            }
            StepResult<Integer> r = env.step(action);
            steps++;
            episodeReturn += r.reward();
            episodeLength++;
            int next = r.observation();
            action = learn(state, action, r.reward(), next, r.terminated(), r.done(), progress);
            state = next;
            ctx.setStep(steps);
            if (r.done()) {
                inEpisode = false;
                episodes++;
                callback.onEpisodeEnd(ctx, new EpisodeStatistics(episodeReturn, episodeLength));
            }
            callback.onStep(ctx);
        }
        callback.onTrainingEnd(ctx);
    }

    /** Called at the start of each episode; returns the first action. */
    protected abstract int startEpisode(int state, double progress);

    /**
     * Learns from one transition and returns the action to take in {@code next} (ignored when {@code done}).
     *
     * @param terminated the MDP ended: the value of {@code next} is zero
     * @param done the episode ended either way (terminated or truncated): traces and episode memory reset
     */
    protected abstract int learn(int state, int action, double reward, int next, boolean terminated, boolean done,
            double progress);

    @Override
    public void save(CheckpointWriter out, String prefix) {
        q.save(out, prefix);
        out.putLongs(prefix + "rng", rng.state());
        out.putLongs(prefix + "counters", new long[] {steps, episodes});
        out.putInts(prefix + "episode", new int[] {inEpisode ? 1 : 0, state, action, episodeLength});
        out.putDoubles(prefix + "episode_return", new double[] {episodeReturn});
        if (!(env instanceof Checkpointable c)) {
            throw new IllegalStateException(env.name() + " cannot be checkpointed (" + env.getClass().getName() + ")");
        }
        c.save(out, prefix + "env.");
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        q.load(in, prefix);
        rng.setState(in.longs(prefix + "rng", 4));
        long[] counters = in.longs(prefix + "counters", 2);
        steps = counters[0];
        episodes = counters[1];
        int[] episode = in.ints(prefix + "episode", 4);
        inEpisode = episode[0] != 0;
        state = episode[1];
        action = episode[2];
        episodeLength = episode[3];
        episodeReturn = in.doubles(prefix + "episode_return", 1)[0];
        if (!(env instanceof Checkpointable c)) {
            throw new IllegalStateException(env.name() + " cannot be checkpointed (" + env.getClass().getName() + ")");
        }
        c.load(in, prefix + "env.");
    }
}
