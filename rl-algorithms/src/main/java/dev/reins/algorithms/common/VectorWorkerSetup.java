package dev.reins.algorithms.common;

import dev.reins.algorithms.nn.Activation;
import dev.reins.algorithms.nn.NetworkBackend;
import dev.reins.algorithms.nn.Precision;
import dev.reins.core.env.EnvFactory;
import dev.reins.core.random.Rng;
import dev.reins.core.vector.AutoresetMode;
import dev.reins.core.vector.VectorEnv;
import java.io.Serializable;

/**
 * What a vector-env rollout worker builds once: its slice of the envs (same-step autoreset, as the learner's) and an
 * actor-critic of the learner's architecture, whose weights it replaces with the learner's every round. Plain
 * serializable data, so a Spark executor can rebuild it.
 *
 * @param envs makes the worker's envs (a registry factory is an id and options)
 */
public record VectorWorkerSetup(EnvFactory envs, int[] hidden, Activation activation, Precision precision, NetworkBackend backend)
        implements Serializable {
    public VectorWorkerSetup {
        hidden = hidden.clone();
    }

    /** {@code count} envs in one vector env. */
    @SuppressWarnings("unchecked")
    VectorEnv<Object> makeEnvs(int count) {
        return (VectorEnv<Object>) envs.vector(count, AutoresetMode.SAME_STEP);
    }

    /** An actor-critic for {@code envs} (its initial weights are overwritten before it acts). */
    ActorCritic actorCritic(VectorEnv<?> vectorEnv) {
        return new ActorCritic(vectorEnv.observationDim(), vectorEnv.singleActionSpace(), hidden, activation, precision, backend,
                vectorEnv.numEnvs(), true, new Rng(0));
    }
}
