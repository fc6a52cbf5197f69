package dev.reins.algorithms.imitation;

import dev.reins.algorithms.common.ActorCritic;
import dev.reins.algorithms.nn.CategoricalHead;
import dev.reins.core.policy.Policy;
import dev.reins.core.space.Box;
import dev.reins.core.space.Space;

/**
 * The deterministic policy of a cloned {@link ActorCritic} on raw observations of any space: features (standardized as
 * in training, if they were), one forward, the most likely action (the mean clipped to the bounds when continuous).
 */
final class ClonedPolicy {
    private ClonedPolicy() {}

    static Policy<Object, Object> of(ActorCritic network, ObservationFeatures features, Space<?> actionSpace) {
        return of(network, features, actionSpace, null, null);
    }

    /** As above, standardizing the features with {@code mean} and {@code std} first (when not null). */
    static Policy<Object, Object> of(ActorCritic network, ObservationFeatures features, Space<?> actionSpace, double[] mean,
            double[] std) {
        double[] in = new double[features.dim()];
        double[] out = new double[network.outputs()];
        Box box = actionSpace instanceof Box b ? b : null;
        return obs -> {
            features.encode(obs, in, 0);
            if (mean != null) {
                for (int j = 0; j < in.length; j++) {
                    in[j] = (in[j] - mean[j]) / std[j];
                }
            }
            network.policyNetwork().forward(in, 1, out, false);
            if (box == null) {
                return CategoricalHead.mode(out, 0, out.length);
            }
            float[] action = new float[out.length];
            for (int j = 0; j < out.length; j++) {
                action[j] = (float) Math.max(box.low(j), Math.min(box.high(j), out[j]));
            }
            return action;
        };
    }
}
