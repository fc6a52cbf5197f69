package dev.reins.core.policy;

import dev.reins.core.distribution.ActionDistribution;
import java.util.random.RandomGenerator;

/**
 * A policy given as a distribution over actions. {@link #act} is the distribution's mode; {@link #sample} draws.
 *
 * <pre>{@code
 * ActionDistribution<Integer> pi = policy.distribution(obs);
 * int a = policy.sample(obs, rng);
 * double logp = pi.logProb(a);
 * }</pre>
 */
public interface StochasticPolicy<O, A> extends Policy<O, A> {

    /** The action distribution in {@code observation}. */
    ActionDistribution<A> distribution(O observation);

    /** An action drawn from {@link #distribution}. */
    default A sample(O observation, RandomGenerator rng) {
        return distribution(observation).sample(rng);
    }

    @Override
    default A act(O observation) {
        return distribution(observation).mode();
    }
}
