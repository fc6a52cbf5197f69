package dev.reins.algorithms.grpo;

import dev.reins.algorithms.rollout.Replica;
import dev.reins.algorithms.rollout.ReplicaFactory;
import dev.reins.core.env.Env;
import java.util.ArrayList;
import java.util.List;

/**
 * A GRPO rollout worker: a sampling replica of the policy and as many envs as its largest share needed so far.
 * Each round it loads the learner's weights and plays its groups with {@link GroupRollouts#play}.
 */
final class GroupReplica<O> implements Replica<GroupShare, ArrayList<Episode<O>>> {
    private final GroupWorkerSetup<O> setup;
    private final SequencePolicy<O> policy;
    private final List<Env<O, Integer>> envs = new ArrayList<>();

    GroupReplica(GroupWorkerSetup<O> setup) {
        this.setup = setup;
        this.policy = setup.samplingPolicy();
    }

    /** The factory a session ships to its workers. */
    static <O> ReplicaFactory<GroupShare, ArrayList<Episode<O>>> factory(GroupWorkerSetup<O> setup) {
        return worker -> new GroupReplica<>(setup);
    }

    @Override
    public ArrayList<Episode<O>> collect(byte[] weights, GroupShare share) {
        int n = share.starts().length * share.groupSize();
        if (n == 0) {
            return new ArrayList<>();
        }
        policy.loadSamplingWeights(weights);
        while (envs.size() < n) {
            envs.add(setup.env());
        }
        return new ArrayList<>(GroupRollouts.play(envs.subList(0, n), share.starts(), share.groupSize(), policy, share.seed(),
                share.maxSteps()));
    }
}
