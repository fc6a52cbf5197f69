package dev.reins.algorithms.common;

import dev.reins.algorithms.rollout.Replica;
import dev.reins.core.buffer.RolloutBuffer;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.random.Rng;
import dev.reins.core.random.SplitMix;

/**
 * A vector-env rollout worker: its own envs, actor-critic and sampler, driven by the same {@link RolloutCollector}
 * the learner uses alone. Each round restores the share's state (or starts the envs from the share's seed), loads
 * the learner's weights, collects the share's steps into its own buffer and returns them with the state reached.
 */
final class VectorReplica implements Replica<VectorShare, VectorSegment> {
    private final VectorWorkerSetup setup;
    private VectorEnvLoop<Object> loop;
    private ActorCritic actorCritic;
    private RolloutBuffer buffer;
    private RolloutCollector collector;
    private final Rng rng = new Rng(0);

    VectorReplica(VectorWorkerSetup setup) {
        this.setup = setup;
    }

    private void build(VectorShare share) {
        loop = new VectorEnvLoop<>(setup.makeEnvs(share.envs()), share.seed());
        actorCritic = setup.actorCritic(loop.envs());
        buffer = new RolloutBuffer(share.steps(), share.envs(), loop.obsDim(), actorCritic.actionWidth());
        collector = new RolloutCollector(loop, actorCritic, buffer, rng);
    }

    @Override
    public VectorSegment collect(byte[] weights, VectorShare share) {
        boolean first = share.state() == null;
        if (first || loop == null || loop.numEnvs() != share.envs() || buffer.steps != share.steps()) {
            build(share); // new envs for a first round, also when a retried first round finds this replica used
        }
        if (first) {
            rng.setState(new Rng(SplitMix.derive(share.seed(), 1)).state());
            loop.start();
        } else {
            CheckpointReader in = CheckpointReader.fromBytes(share.state(), "a rollout worker's state");
            loop.load(in, "loop.");
            rng.setState(in.longs("rng"));
        }
        actorCritic.loadWeights(weights);
        buffer.reset();
        TrainingContext ctx = new TrainingContext("rollout-worker", Long.MAX_VALUE);
        for (int t = 0; t < share.steps(); t++) {
            collector.collectStep(ctx, Callback.NONE);
        }
        int n = share.steps() * share.envs();
        double[] truncationValues = new double[n];
        for (int k = 0; k < n; k++) {
            truncationValues[k] = buffer.truncationValue(k);
        }
        CheckpointWriter state = new CheckpointWriter();
        loop.save(state, "loop.");
        state.putLongs("rng", rng.state());
        return new VectorSegment(share.steps(), share.envs(), buffer.observations.clone(), buffer.actions.clone(), buffer.rewards.clone(),
                buffer.terminated.clone(), buffer.truncated.clone(), buffer.values.clone(), buffer.logProbs.clone(), truncationValues,
                loop.observations().clone(), state.toBytes());
    }
}
