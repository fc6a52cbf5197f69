package dev.reins.algorithms.imitation;

import dev.reins.algorithms.common.ActorCritic;
import dev.reins.algorithms.nn.CategoricalHead;
import dev.reins.core.policy.Policy;
import dev.reins.core.space.Box;
import dev.reins.core.space.Space;

/**
 * The deterministic policy of a cloned {@link ActorCritic} on raw observations of any space: features, one forward,
 * the most likely action (the mean clipped to the bounds when continuous).
 */
final class ClonedPolicy {
    private ClonedPolicy() {}

    static Policy<Object, Object> of(ActorCritic network, ObservationFeatures features, Space<?> actionSpace) {
        double[] in = new double[features.dim()];
        double[] out = new double[network.outputs()];
        Box box = actionSpace instanceof Box b ? b : null;
        return obs -> {
            features.encode(obs, in, 0);
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
