package dev.reins.bench.experiment;

import dev.reins.algorithms.imitation.ExpertLoader;
import dev.reins.core.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run folders as experts for DAgger: the run's deterministic policy, restored from its checkpoint. Found by
 * {@link ExpertLoader#load} through {@code META-INF/services}.
 */
public final class RunFolderExperts implements ExpertLoader {

    /** A trained run folder's policy; one line naming the problem if it is not a run of {@code envId}. */
    @Override
    @SuppressWarnings("unchecked")
    public Policy<Object, Object> loadExpert(Path runDir, String envId) {
        RunConfig config = TrainingRun.readConfig(runDir);
        if (!dev.reins.envs.registry.Envs.registration(config.env()).id().equals(envId)) {
            throw new IllegalArgumentException("expert run " + runDir + " was trained on " + config.env() + ", not " + envId);
        }
        if (!Files.isRegularFile(runDir.resolve(TrainingRun.CHECKPOINT))) {
            throw new IllegalArgumentException("expert run " + runDir + " has no " + TrainingRun.CHECKPOINT + " to load the policy from");
        }
        TrainingRun run = TrainingRun.prepare(config);
        run.loadCheckpoint(runDir);
        return (Policy<Object, Object>) run.algorithm().policy();
    }
}
