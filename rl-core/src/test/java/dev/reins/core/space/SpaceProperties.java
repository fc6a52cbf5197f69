package dev.reins.core.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reins.core.random.Rng;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SpaceProperties {

    @Property
    void discreteSamplesAreContained(@ForAll @IntRange(min = 1, max = 1000) int n, @ForAll @IntRange(min = -50, max = 50) int start,
            @ForAll long seed) {
        Discrete space = new Discrete(n, start);
        Rng rng = new Rng(seed);
        for (int i = 0; i < 50; i++) {
            int x = space.sample(rng);
            assertTrue(space.contains(x));
            assertTrue(x >= start && x < start + n);
        }
        assertFalse(space.contains(start + n));
        assertFalse(space.contains(start - 1));
        assertFalse(space.contains("1"));
    }

    @Property
    void boxSamplesAreContainedForAnyBounds(@ForAll @Size(min = 1, max = 6) float[] a,
            @ForAll @FloatRange(min = 0, max = 1000) float width, @ForAll long seed, @ForAll int kind) {
        float[] low = new float[a.length];
        float[] high = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            float base = Float.isFinite(a[i]) ? Math.max(-1e6f, Math.min(1e6f, a[i])) : 0f;
            // Mix bounded, half-bounded and unbounded dimensions.
            switch (Math.floorMod(kind + i, 4)) {
                case 0 -> { low[i] = base; high[i] = base + width; }
                case 1 -> { low[i] = base; high[i] = Float.POSITIVE_INFINITY; }
                case 2 -> { low[i] = Float.NEGATIVE_INFINITY; high[i] = base; }
                default -> { low[i] = Float.NEGATIVE_INFINITY; high[i] = Float.POSITIVE_INFINITY; }
            }
        }
        Box box = new Box(low, high);
        Rng rng = new Rng(seed);
        for (int i = 0; i < 20; i++) {
            assertTrue(box.contains(box.sample(rng)));
        }
    }

    @Example
    void boxRejectsNanWrongLengthAndOutOfBounds() {
        Box box = Box.uniform(-1f, 1f, 2);
        assertFalse(box.contains(new float[] {Float.NaN, 0f}));
        assertFalse(box.contains(new float[] {0f}));
        assertFalse(box.contains(new float[] {0f, 1.0001f}));
        assertTrue(box.contains(new float[] {-1f, 1f}));
        assertThrows(IllegalArgumentException.class, () -> new Box(new float[] {1f}, new float[] {0f}));
    }

    @Property
    void multiDiscreteFlattenRoundTrips(@ForAll @Size(min = 1, max = 4) int[] raw, @ForAll long seed) {
        int[] nvec = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            nvec[i] = 1 + Math.floorMod(raw[i], 9);
        }
        MultiDiscrete space = new MultiDiscrete(nvec);
        Rng rng = new Rng(seed);
        for (int i = 0; i < 20; i++) {
            int[] x = space.sample(rng);
            assertTrue(space.contains(x));
            int index = space.flatten(x);
            assertTrue(index >= 0 && index < space.cardinality());
            assertArrayEquals(x, space.unflatten(index));
        }
    }

    @Property
    void tokenSequencesAreContained(@ForAll @IntRange(min = 1, max = 50_000) int vocab, @ForAll @IntRange(min = 1, max = 64) int max,
            @ForAll long seed) {
        TokenSequenceSpace space = new TokenSequenceSpace(vocab, max);
        Rng rng = new Rng(seed);
        for (int i = 0; i < 10; i++) {
            assertTrue(space.contains(space.sample(rng)));
        }
        assertFalse(space.contains(new int[] {vocab}));
        assertFalse(space.contains(new int[max + 1]));
    }

    @Example
    void spacesDescribeThemselvesAsJson() {
        assertEquals("{\"type\":\"Discrete\",\"n\":4,\"start\":0}", new Discrete(4).toJson().toString());
        assertEquals("{\"type\":\"MultiDiscrete\",\"nvec\":[32,11,2]}", new MultiDiscrete(32, 11, 2).toJson().toString());
        String box = new Box(new float[] {-1f, Float.NEGATIVE_INFINITY}, new float[] {1f, Float.POSITIVE_INFINITY}).toJson().toString();
        assertEquals("{\"type\":\"Box\",\"shape\":[2],\"dtype\":\"float32\",\"low\":[-1.0,\"-Infinity\"],\"high\":[1.0,\"Infinity\"]}", box);
        assertEquals("{\"type\":\"TokenSequence\",\"vocab_size\":256,\"max_length\":8}", new TokenSequenceSpace(256, 8).toJson().toString());
    }
}
