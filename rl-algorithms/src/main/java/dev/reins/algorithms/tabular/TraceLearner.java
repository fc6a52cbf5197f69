package dev.reins.algorithms.tabular;

import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.env.Env;

/**
 * What SARSA(λ) and Q(λ) share: a trace config, eligibility traces cleared at every episode start and saved in
 * checkpoints, and ε-greedy behaviour. Subclasses write the TD error and the trace decay.
 */
abstract class TraceLearner extends TabularLearner {
    protected final TraceControlConfig config;
    protected final EligibilityTraces traces;

    TraceLearner(Env<Integer, Integer> env, TraceControlConfig config, long seed) {
        super(env, config.initialQ(), seed);
        this.config = config;
        this.traces = new EligibilityTraces(q.numStates(), q.numActions());
    }

    @Override
    protected final int startEpisode(int state, double progress) {
        traces.clear();
        return EpsilonGreedy.act(q, state, config.epsilon().value(progress), rng);
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        super.save(out, prefix);
        traces.save(out, prefix);
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        super.load(in, prefix);
        traces.load(in, prefix);
    }
}
