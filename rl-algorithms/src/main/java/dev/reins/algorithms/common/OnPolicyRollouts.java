package dev.reins.algorithms.common;

import dev.reins.algorithms.rollout.RolloutWorkers;
import dev.reins.core.buffer.RolloutBuffer;
import dev.reins.core.callback.Callback;
import dev.reins.core.callback.TrainingContext;
import dev.reins.core.checkpoint.CheckpointReader;
import dev.reins.core.checkpoint.CheckpointWriter;
import dev.reins.core.checkpoint.Checkpointable;
import java.util.random.RandomGenerator;

/**
 * Where an on-policy trainer's rollouts come from — its own envs through {@link RolloutCollector}, or rollout workers
 * through {@link WorkerRolloutCollector} — written once for PPO and A2C. Its checkpoint records the worker count (and
 * the workers' states), and a checkpoint is refused by a trainer with another count.
 *
 * <pre>{@code
 * OnPolicyRollouts rollouts = new OnPolicyRollouts(loop, actorCritic, buffer, rng, setup, normalized, seed);
 * rollouts.useWorkers(workers);                       // optional
 * if (!rollouts.collect(ctx, callback)) break;        // stopped before the update
 * rollouts.computeAdvantages(gamma, lambda);
 * }</pre>
 */
public final class OnPolicyRollouts implements Checkpointable {
    private final VectorEnvLoop<Object> loop;
    private final ActorCritic actorCritic;
    private final RolloutBuffer buffer;
    private final RolloutCollector local;
    private final VectorWorkerSetup setup;
    private final boolean normalized;
    private final long seed;
    private WorkerRolloutCollector workers;
    private int workerCount;

    /**
     * @param setup what a worker rebuilds (the env factory and the networks' shape)
     * @param normalized whether the trainer's envs normalize observations or rewards (workers refuse that)
     */
    public OnPolicyRollouts(VectorEnvLoop<Object> loop, ActorCritic actorCritic, RolloutBuffer buffer, RandomGenerator rng,
            VectorWorkerSetup setup, boolean normalized, long seed) {
        this.loop = loop;
        this.actorCritic = actorCritic;
        this.buffer = buffer;
        this.local = new RolloutCollector(loop, actorCritic, buffer, rng);
        this.setup = setup;
        this.normalized = normalized;
        this.seed = seed;
    }

    /** Collects every rollout on {@code rolloutWorkers} from now on (before training starts or a checkpoint is loaded). */
    public void useWorkers(RolloutWorkers rolloutWorkers) {
        if (normalized) {
            throw new IllegalArgumentException("rollout workers: normalize_observations and normalize_rewards must be false (each "
                    + "worker's running statistics would drift from the learner's)");
        }
        if (loop.steps() > 0 || workers != null) {
            throw new IllegalStateException("rollout workers are chosen before training starts (and before a checkpoint is loaded)");
        }
        workers = new WorkerRolloutCollector(loop, actorCritic, buffer, rolloutWorkers, setup, seed);
        workerCount = rolloutWorkers.count();
    }

    /**
     * Fills the buffer. False when training should stop before the update: stopped mid-rollout (the checkpoint keeps
     * the partial rollout), or with workers stopped at the rollout's end (the checkpoint keeps it whole; the update runs
     * on resume).
     */
    public boolean collect(TrainingContext ctx, Callback callback) {
        if (workers == null) {
            return local.collectRollout(ctx, callback);
        }
        workers.collectRollout(ctx, callback);
        return !ctx.stopRequested();
    }

    /** GAE over the full buffer ({@link RolloutCollector#computeAdvantages}). */
    public void computeAdvantages(double gamma, double lambda) {
        local.computeAdvantages(gamma, lambda);
    }

    @Override
    public void save(CheckpointWriter out, String prefix) {
        out.putLongs(prefix + "rollout_workers", new long[] {workerCount});
        if (workers != null) {
            workers.save(out, prefix + "rollout_workers.");
        }
    }

    @Override
    public void load(CheckpointReader in, String prefix) {
        long saved = in.has(prefix + "rollout_workers") ? in.longs(prefix + "rollout_workers", 1)[0] : 0;
        if (saved != workerCount) {
            throw new IllegalArgumentException("this run was checkpointed with " + saved + " rollout workers and resumes with "
                    + workerCount + "; resume it with the same count (0: none)");
        }
        if (workers != null) {
            workers.load(in, prefix + "rollout_workers.");
        }
    }
}
