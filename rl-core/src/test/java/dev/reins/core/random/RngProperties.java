package dev.reins.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class RngProperties {

    @Property
    void restoringTheStateReplaysTheStream(@ForAll long seed, @ForAll @IntRange(min = 0, max = 100) int skip) {
        Rng rng = new Rng(seed);
        for (int i = 0; i < skip; i++) {
            rng.nextLong();
        }
        long[] state = rng.state();
        double a = rng.nextDouble();
        int b = rng.nextInt(17);
        double c = rng.nextGaussian();
        Rng restored = Rng.fromState(state);
        assertEquals(a, restored.nextDouble());
        assertEquals(b, restored.nextInt(17));
        assertEquals(c, restored.nextGaussian());
    }

    @Property
    void nextIntStaysInBounds(@ForAll long seed, @ForAll @IntRange(min = 1) int bound) {
        Rng rng = new Rng(seed);
        for (int i = 0; i < 100; i++) {
            int x = rng.nextInt(bound);
            assertTrue(x >= 0 && x < bound);
        }
    }

    @Example
    void nextIntIsUniform() {
        Rng rng = new Rng(1);
        int[] counts = new int[6];
        int n = 600_000;
        for (int i = 0; i < n; i++) {
            counts[rng.nextInt(6)]++;
        }
        double chi2 = 0;
        for (int c : counts) {
            chi2 += Math.pow(c - n / 6.0, 2) / (n / 6.0);
        }
        assertTrue(chi2 < 20.5, "chi-square with 5 degrees of freedom, p = 0.001 cut-off: " + chi2);
    }

    @Example
    void nearbySeedsGiveUnrelatedStreams() {
        assertNotEquals(new Rng(0).nextLong(), new Rng(1).nextLong());
        assertNotEquals(SplitMix.derive(7, 0), SplitMix.derive(7, 1));
        assertEquals(new Rng(5).nextLong(), new Rng(5).nextLong());
    }
}
