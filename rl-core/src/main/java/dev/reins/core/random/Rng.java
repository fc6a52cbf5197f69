package dev.reins.core.random;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A fast, seedable random generator (xoshiro256**) whose full state can be saved and restored, so that a run
 * resumed from a checkpoint draws exactly the numbers the uninterrupted run would have drawn.
 *
 * <p>{@link java.util.SplittableRandom} and {@link java.util.Random} cannot be checkpointed portably, hence
 * this class. It implements {@link RandomGenerator}, so {@code nextDouble()}, {@code nextInt(bound)} and
 * {@code nextGaussian()} are all available.
 *
 * <pre>{@code
 * Rng rng = new Rng(42);
 * int action = rng.nextInt(4);
 * long[] saved = rng.state();
 * double a = rng.nextDouble();
 * rng.setState(saved);
 * assert rng.nextDouble() == a;
 * }</pre>
 */
public final class Rng implements RandomGenerator {
    private long s0;
    private long s1;
    private long s2;
    private long s3;

    /** A generator whose stream is fully determined by {@code seed}. */
    public Rng(long seed) {
        // SplitMix64 expands the seed so that nearby seeds give unrelated streams.
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = SplitMix.mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = SplitMix.mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = SplitMix.mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = SplitMix.mix(x);
        if ((s0 | s1 | s2 | s3) == 0) {
            s0 = 1; // the all-zero state is the one state xoshiro cannot leave
        }
    }

    private Rng(long[] state) {
        setState(state);
    }

    /** A generator restored from a {@link #state()}. */
    public static Rng fromState(long[] state) {
        return new Rng(state);
    }

    @Override
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** A uniform double in [0, 1) with 53 random bits. */
    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** A uniform int in [0, bound), without modulo bias. */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        // Lemire's nearly-divisionless method on the high 32 bits.
        long m = ((nextLong() >>> 32) * bound);
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = ((nextLong() >>> 32) * bound);
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** A new generator whose stream is derived from (and independent of the rest of) this one's. */
    public Rng split() {
        return new Rng(nextLong());
    }

    /** A copy of the four state words; {@link #setState} with it replays the stream from here. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    /** Restores a state taken with {@link #state()}. */
    public void setState(long[] state) {
        if (state == null || state.length != 4) {
            throw new IllegalArgumentException(
                    "Rng state must be 4 longs, got " + (state == null ? "null" : Arrays.toString(state)));
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("Rng state must not be all zeros");
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
    }

    /** A generator with the same state: both produce the same stream from here on. */
    public Rng copy() {
        return new Rng(state());
    }
}
