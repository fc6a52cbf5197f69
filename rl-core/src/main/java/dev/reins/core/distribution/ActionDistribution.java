package dev.reins.core.distribution;

import java.util.random.RandomGenerator;

/**
 * A probability distribution over actions.
 *
 * <pre>{@code
 * ActionDistribution<Integer> pi = Categorical.ofLogits(new double[] {0.1, 2.0, -1.0});
 * int a = pi.sample(rng);
 * double logp = pi.logProb(a), h = pi.entropy(), kl = pi.kl(other);
 * }</pre>
 *
 * @param <A> action type
 */
public interface ActionDistribution<A> {

    /** A random action. */
    A sample(RandomGenerator rng);

    /** The most likely action (used for deterministic evaluation). */
    A mode();

    /** log π(a). */
    double logProb(A action);

    /** The (differential, for continuous actions) entropy. */
    double entropy();

    /** KL(this ‖ other); {@code other} must be of the same kind and dimension. */
    double kl(ActionDistribution<A> other);
}
