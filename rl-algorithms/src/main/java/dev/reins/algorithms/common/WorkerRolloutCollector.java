package dev.reins.algorithms.common;

import dev.reins.algorithms.rollout.RolloutSession;
import dev.reins.algorithms.rollout.RolloutWorkers;
import dev.reins.core.buffer.RolloutBuffer;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import dev.reins.core.random.SplitMix;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills the learner's {@link RolloutBuffer} from rollout workers, one round per rollout: the learner's actor-critic
 * weights go to every worker, worker w steps its contiguous slice of the envs ({@code numEnvs / workers}, the first
 * ones one more when they do not divide) for the whole rollout, and the learner lays their segments into the buffer in
 * env order, step by step, counting steps and episodes as its own loop would. Callbacks see each step's episodes and
 * one {@code onStep} per round (a checkpoint is taken only there, where the buffer is full and every worker's state is
 * the round's end). The workers' states (envs, running episodes, samplers) travel in their shares and results and are
 * part of this collector's checkpoint, so a resumed run continues exactly.
 */
public final class WorkerRolloutCollector implements Checkpointable {
    private final VectorEnvLoop<Object> loop;
    private final ActorCritic actorCritic;
    private final RolloutBuffer buffer;
    private final RolloutSession<VectorShare, VectorSegment> session;
    private final int[] envCounts;
    private final long seed;
    private final byte[][] states;

    /**
     * @param seed the run's seed; worker w's envs and sampler start from streams derived from it
     */
    public WorkerRolloutCollector(VectorEnvLoop<Object> loop, ActorCritic actorCritic, RolloutBuffer buffer, RolloutWorkers workers,
            VectorWorkerSetup setup, long seed) {
        int w = workers.count();
        if (w > loop.numEnvs()) {
            throw new IllegalArgumentException(w + " rollout workers for " + loop.numEnvs() + " envs: each worker needs at least one env");
        }
        this.loop = loop;
        this.actorCritic = actorCritic;
        this.buffer = buffer;
        this.seed = seed;
        this.envCounts = new int[w];
        for (int i = 0; i < w; i++) {
            envCounts[i] = loop.numEnvs() / w + (i < loop.numEnvs() % w ? 1 : 0);
        }
        this.states = new byte[w][];
        this.session = workers.open(worker -> new VectorReplica(setup));
    }

    /** Collects one rollout on the workers (nothing when a resumed run's buffer is already full). */
    public void collectRollout(TrainingContext ctx, Callback callback) {
        if (buffer.isFull()) {
            return;
        }
        if (buffer.position() != 0) {
            throw new IllegalStateException("the rollout buffer holds " + buffer.position() + " of " + buffer.steps + " steps (a run "
                    + "without rollout workers stopped mid-rollout); rollout workers collect whole rollouts, so resume it without them");
        }
        List<VectorShare> shares = new ArrayList<>(envCounts.length);
        for (int w = 0; w < envCounts.length; w++) {
            shares.add(new VectorShare(envCounts[w], SplitMix.derive(seed, 1000 + w), states[w], buffer.steps));
        }
        List<VectorSegment> segments = session.collect(actorCritic.encodeWeights(), shares);
        int numEnvs = loop.numEnvs();
        int obsDim = loop.obsDim();
        int width = actorCritic.actionWidth();
        float[] obs = new float[numEnvs * obsDim];
        float[] actions = new float[numEnvs * width];
        double[] rewards = new double[numEnvs];
        boolean[] terminated = new boolean[numEnvs];
        boolean[] truncated = new boolean[numEnvs];
        double[] values = new double[numEnvs];
        double[] logProbs = new double[numEnvs];
        float[] last = new float[numEnvs * obsDim];
        for (int t = 0; t < buffer.steps; t++) {
            int first = 0;
            for (VectorSegment s : segments) {
                int k = s.envs();
                int from = t * k;
                System.arraycopy(s.observations(), from * obsDim, obs, first * obsDim, k * obsDim);
                System.arraycopy(s.actions(), from * width, actions, first * width, k * width);
                System.arraycopy(s.rewards(), from, rewards, first, k);
                System.arraycopy(s.terminated(), from, terminated, first, k);
                System.arraycopy(s.truncated(), from, truncated, first, k);
                System.arraycopy(s.values(), from, values, first, k);
                System.arraycopy(s.logProbs(), from, logProbs, first, k);
                first += k;
            }
            buffer.add(obs, actions, rewards, terminated, truncated, values, logProbs);
            first = 0;
            for (VectorSegment s : segments) {
                for (int i = 0; i < s.envs(); i++) {
                    if (s.truncated()[t * s.envs() + i] && !s.terminated()[t * s.envs() + i]) {
                        buffer.setTruncationValue(first + i, s.truncationValues()[t * s.envs() + i]);
                    }
                }
                first += s.envs();
            }
            loop.recordRemoteStep(rewards, terminated, truncated, ctx, callback);
        }
        int first = 0;
        for (int w = 0; w < segments.size(); w++) {
            VectorSegment s = segments.get(w);
            System.arraycopy(s.lastObservations(), 0, last, first * obsDim, s.envs() * obsDim);
            first += s.envs();
            states[w] = s.state();
        }
        loop.setObservations(last);
        callback.onStep(ctx);
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        for (int w = 0; w < states.length; w++) {
            if (states[w] != null) {
                out.putBytes(prefix + "worker_state." + w, states[w]);
            }
        }
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        for (int w = 0; w < states.length; w++) {
            String key = prefix + "worker_state." + w;
            states[w] = in.has(key) ? in.bytes(key) : null;
        }
    }
}
