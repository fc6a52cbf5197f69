package dev.reins.core.random;

/** The SplitMix64 finalizer: turns structured seeds (0, 1, 2, ...) into well-mixed 64-bit values. */
public final class SplitMix {
    private SplitMix() {}

    /** Mixes {@code z} into a value whose bits depend on every bit of {@code z}. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A seed for sub-stream {@code stream} of a run seeded with {@code seed}: e.g. the env, the policy's sampling
     * and the replay sampler each get their own stream so that changing one does not shift the others.
     */
    public static long derive(long seed, long stream) {
        return mix(mix(seed) + 0x9E3779B97F4A7C15L * (stream + 1));
    }
}
