package dev.reins.bench.soak;

/**
 * The process's memory at one moment of a soak run.
 *
 * @param seconds since the run started
 * @param steps env steps trained so far
 * @param rssMb resident set size (Linux {@code VmRSS}), or NaN where the OS does not say
 * @param heapUsedMb Java heap in use
 * @param heapCommittedMb Java heap reserved from the OS
 * @param nativeMb memory JavaCPP (ND4J's arrays) has allocated off-heap
 */
public record MemorySample(double seconds, long steps, double rssMb, double heapUsedMb, double heapCommittedMb, double nativeMb) {}
