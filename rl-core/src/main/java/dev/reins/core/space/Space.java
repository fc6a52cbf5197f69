package dev.reins.core.space;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.random.RandomGenerator;

/**
 * A set of valid observations or actions. The family is closed: environments describe themselves with these
 * four kinds so that algorithms can choose networks and distributions by pattern matching.
 *
 * <pre>{@code
 * Space<Integer> actions = new Discrete(4);
 * int a = actions.sample(rng);
 * assert actions.contains(a);
 * String json = actions.toJson().toString();   // {"type":"Discrete","n":4,"start":0}
 * }</pre>
 *
 * @param <T> the Java type of one element: {@code Integer} for Discrete, {@code float[]} for Box, {@code int[]}
 *     for MultiDiscrete and token sequences
 */
public sealed interface Space<T> permits Discrete, Box, MultiDiscrete, TokenSequenceSpace {

    /** Whether {@code value} is an element of this space (null and wrong types are not). */
    boolean contains(Object value);

    /** A random element, drawn as Gymnasium draws it. */
    T sample(RandomGenerator rng);

    /** This space as a JSON object with a {@code type} field. */
    ObjectNode toJson();

    /** A short human-readable form used in error messages, e.g. {@code Discrete(4)}. */
    @Override
    String toString();

    /** {@code value} rendered for an error message (arrays print their elements). */
    static String describeValue(Object value) {
        if (value instanceof float[] f) {
            return java.util.Arrays.toString(f);
        }
        if (value instanceof double[] d) {
            return java.util.Arrays.toString(d);
        }
        if (value instanceof int[] i) {
            return java.util.Arrays.toString(i);
        }
        if (value instanceof long[] l) {
            return java.util.Arrays.toString(l);
        }
        return String.valueOf(value);
    }
}
