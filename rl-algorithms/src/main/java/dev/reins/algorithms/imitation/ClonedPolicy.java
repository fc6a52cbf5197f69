package dev.reins.algorithms.imitation;

import dev.reins.algorithms.common.ActorCritic;
import dev.reins.core.policy.Policy;

/**
 * The deterministic policy of a cloned {@link ActorCritic} on raw observations of any space: features (standardized as
 * in training, if they were), one forward, the most likely action (the mean clipped to the bounds when continuous).
 */
final class ClonedPolicy {
    private ClonedPolicy() {}

    static Policy<Object, Object> of(ActorCritic network, ObservationFeatures features) {
        return of(network, features, null, null);
    }

    /** As above, standardizing the features with {@code mean} and {@code std} first (when not null). */
    static Policy<Object, Object> of(ActorCritic network, ObservationFeatures features, double[] mean, double[] std) {
        double[] in = new double[features.dim()];
        double[] out = new double[network.outputs()];
        return obs -> {
            features.encode(obs, in, 0);
            if (mean != null) {
                for (int j = 0; j < in.length; j++) {
                    in[j] = (in[j] - mean[j]) / std[j];
                }
            }
            return network.mode(in, out);
        };
    }
}
