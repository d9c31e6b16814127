package be.belfort.demo;

import java.util.SplittableRandom;

/** Deterministic noise: the same seed, key and time slot give the same number, so tests can predict values. */
final class Noise {
    private final long seed;

    Noise(long seed) {
        this.seed = seed;
    }

    /** A number in [-1, 1) for a key (a sensor) and a time slot. */
    double unit(String key, long slot) {
        return new SplittableRandom(seed * 1_000_003L ^ key.hashCode() * 0x9E3779B97F4A7C15L ^ slot).nextDouble() * 2 - 1;
    }
}
