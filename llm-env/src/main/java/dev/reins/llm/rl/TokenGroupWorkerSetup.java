package dev.reins.llm.rl;

import dev.reins.algorithms.grpo.GroupWorkerSetup;
import dev.reins.algorithms.grpo.SequencePolicy;
import dev.reins.core.env.Env;
import dev.reins.llm.env.TokenEnv;
import dev.reins.llm.env.TokenizedPrompts;
import dev.reins.llm.generate.DecodingConfig;
import dev.reins.llm.model.Transformer;
import dev.reins.llm.model.TransformerImage;
import dev.reins.llm.reward.RewardFunction;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * What a GRPO rollout worker on token envs builds its replica from: the model as it is when training starts (frozen
 * tensors, adapters; the trainable ones are replaced every round), the sampler, and the token envs' encoded prompts
 * (with their tokenizer), env reward and limits. Everything is plain serializable data, so a Spark executor can rebuild it.
 *
 * <pre>{@code
 * var setup = TokenGroupWorkerSetup.of(model, sampling, TokenizedPrompts.encode(tokenizer, prompts), RewardFunction.NONE,
 *         limits);
 * grpo.withRolloutWorkers(workers, setup);
 * }</pre>
 *
 * @param reward the env's reward (must be serializable; {@link RewardFunction#NONE} when an episode scorer gives the
 *     rewards on the learner)
 */
public record TokenGroupWorkerSetup(TransformerImage model, DecodingConfig sampling, TokenizedPrompts prompts,
        RewardFunction reward, TokenEnv.Limits limits) implements GroupWorkerSetup<int[]> {
    public TokenGroupWorkerSetup {
        requireSerializable(reward);
    }

    /** A setup holding a copy of {@code model}'s current state. */
    public static TokenGroupWorkerSetup of(Transformer model, DecodingConfig sampling, TokenizedPrompts prompts,
            RewardFunction reward, TokenEnv.Limits limits) {
        return new TokenGroupWorkerSetup(TransformerImage.of(model), sampling, prompts, reward, limits);
    }

    /** Fails now, with the reason, where Spark would fail later shipping the setup (e.g. a term holding a reward model). */
    private static void requireSerializable(RewardFunction reward) {
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(reward);
        } catch (IOException e) {
            throw new IllegalArgumentException("rollout workers rebuild the env's reward on their side, so it must be serializable; "
                    + reward.getClass().getName() + " is not (" + e.getMessage() + "); score with an EpisodeScorer on the learner and "
                    + "give the env RewardFunction.NONE");
        }
    }

    @Override
    public SequencePolicy<int[]> samplingPolicy() {
        return new TransformerSequencePolicy(model.build(), sampling);
    }

    @Override
    public Env<int[], Integer> env() {
        return new TokenEnv(prompts, reward, limits);
    }
}
