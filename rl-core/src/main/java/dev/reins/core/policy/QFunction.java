package dev.reins.core.policy;

/**
 * The expected return of each discrete action in an observation, Q(s, ·).
 *
 * <pre>{@code
 * double[] q = qFunction.qValues(obs);
 * Policy<Integer, Integer> greedy = QFunction.greedy(qFunction);
 * }</pre>
 */
@FunctionalInterface
public interface QFunction<O> {

    /** Q(s, a) for every action a (a fresh array or one the caller must not keep). */
    double[] qValues(O observation);

    /** Q(s, a). */
    default double value(O observation, int action) {
        return qValues(observation)[action];
    }

    /** The index of the largest value; ties go to the lowest index (as numpy's argmax). */
    static int argmax(double[] values) {
        return argmax(values, 0, values.length);
    }

    /** The index (relative to {@code offset}) of the largest of {@code values[offset .. offset+length)}; ties to the lowest. */
    static int argmax(double[] values, int offset, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[offset + i] > values[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    /** The greedy policy of {@code q}. */
    static <O> Policy<O, Integer> greedy(QFunction<O> q) {
        return obs -> argmax(q.qValues(obs));
    }
}
