package dev.reins.algorithms.grpo;

import dev.reins.core.env.Env;
import java.io.Serializable;

/**
 * What a GRPO rollout worker builds once: a sampling replica of the policy (it only samples; the learner scores and
 * trains) and envs like the learner's. Serializable, since a Spark backend ships it to its executors; a token-env
 * setup carries the model's structure and weights, the tokenizer and the prompts.
 *
 * @param <O> observation type of the environment
 */
public interface GroupWorkerSetup<O> extends Serializable {
    /** A policy with the learner's structure; its weights are replaced by the learner's each round. */
    SequencePolicy<O> samplingPolicy();

    /** One env, as the learner's env factory makes them. */
    Env<O, Integer> env();
}
