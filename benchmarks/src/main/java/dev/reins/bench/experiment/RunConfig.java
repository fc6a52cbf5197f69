package dev.reins.bench.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reins.core.callback.DivergenceGuard;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that defines a run, as written to {@code config.yaml} in the run folder; {@code reins train --config}
 * reads the same format, so a run folder's config reproduces the run.
 *
 * <pre>{@code
 * algo: q-learning
 * env: CliffWalking-v1
 * seed: 0
 * steps: 100000
 * eval_episodes: 100
 * checkpoint_every: 0
 * eval_every: 0
 * env_options: {}
 * hyperparameters:
 *   learning_rate: 0.5
 *   gamma: 1.0
 * divergence_bound: 1.0e10
 * }</pre>
 *
 * @param algo algorithm name ({@code reins algos})
 * @param env Gymnasium id ({@code reins envs})
 * @param seed run seed; the env, exploration and evaluation streams are derived from it
 * @param steps training budget in env steps (sweeps / rounds for dynamic programming)
 * @param evalEpisodes episodes of the final deterministic evaluation
 * @param checkpointEvery write a checkpoint every this many steps (0: only at the end)
 * @param evalEvery evaluate deterministically every this many steps during training, logged as eval_mean_return (0: off)
 * @param envOptions Gymnasium keyword options of the env
 * @param hyperparameters the algorithm's config, only the keys that differ from its defaults
 * @param divergenceBound training stops as diverged when a loss, value estimate, TD error or gradient norm exceeds
 *     this magnitude (NaN/Inf always stop it); the last good checkpoint is kept
 */
public record RunConfig(String algo, String env, long seed, long steps, int evalEpisodes, long checkpointEvery, long evalEvery,
        Map<String, Object> envOptions, JsonNode hyperparameters, double divergenceBound) {

    /** A config with the default divergence bound ({@link DivergenceGuard#DEFAULT_BOUND}). */
    public RunConfig(String algo, String env, long seed, long steps, int evalEpisodes, long checkpointEvery, long evalEvery,
            Map<String, Object> envOptions, JsonNode hyperparameters) {
        this(algo, env, seed, steps, evalEpisodes, checkpointEvery, evalEvery, envOptions, hyperparameters,
                DivergenceGuard.DEFAULT_BOUND);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public RunConfig {
        if (algo == null || algo.isBlank()) {
            throw new IllegalArgumentException("algo is required (see 'reins algos')");
        }
        if (env == null || env.isBlank()) {
            throw new IllegalArgumentException("env is required (see 'reins envs')");
        }
        if (steps <= 0) {
            throw new IllegalArgumentException("steps must be > 0, got " + steps);
        }
        if (evalEpisodes < 0) {
            throw new IllegalArgumentException("eval_episodes must be >= 0, got " + evalEpisodes);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpoint_every must be >= 0, got " + checkpointEvery);
        }
        if (evalEvery < 0) {
            throw new IllegalArgumentException("eval_every must be >= 0, got " + evalEvery);
        }
        if (evalEvery > 0 && evalEpisodes == 0) {
            throw new IllegalArgumentException("eval_every " + evalEvery + " needs eval_episodes > 0");
        }
        if (!(divergenceBound > 0)) {
            throw new IllegalArgumentException("divergence_bound must be > 0, got " + divergenceBound);
        }
        envOptions = envOptions == null ? Map.of() : new TreeMap<>(envOptions);
        hyperparameters = hyperparameters == null || hyperparameters.isNull() ? JsonNodeFactory.instance.objectNode()
                : hyperparameters;
        if (!hyperparameters.isObject()) {
            throw new IllegalArgumentException("hyperparameters must be a mapping, got " + hyperparameters.getNodeType());
        }
    }

    /** A copy with the hyperparameters replaced by the fully resolved ones. */
    public RunConfig withHyperparameters(ObjectNode resolved) {
        return new RunConfig(algo, env, seed, steps, evalEpisodes, checkpointEvery, evalEvery, envOptions, resolved,
                divergenceBound);
    }
}
