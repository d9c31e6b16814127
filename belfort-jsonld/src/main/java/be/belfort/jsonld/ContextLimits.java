package be.belfort.jsonld;

import java.time.Duration;

/**
 * What a client's @context may cost the platform: how long fetching one remote context may take in all
 * (connection, headers and body), how large one may be, how many remote or hosted contexts one request's
 * @context may import (directly or nested), and how much memory the context caches may hold and for how long.
 *
 * @param fetchTimeout total time to fetch one remote context, redirects included
 * @param maxBytes     largest remote or hosted context document
 * @param maxImports   most remote or hosted contexts one request's @context may import, at any depth
 * @param cacheBytes   bound of each context cache: fetched documents (their size) and processed contexts (an estimate
 *                     of their memory)
 * @param cacheTtl     how long a fetched context (and what was processed from it) is used before it is fetched again
 */
public record ContextLimits(Duration fetchTimeout, int maxBytes, int maxImports, long cacheBytes, Duration cacheTtl) {
    public static final ContextLimits DEFAULT = new ContextLimits(Duration.ofSeconds(5), 512 * 1024, 32,
            128L * 1024 * 1024, Duration.ofHours(1));

    public ContextLimits {
        if (fetchTimeout.isNegative() || fetchTimeout.isZero() || cacheTtl.isNegative() || cacheTtl.isZero()) {
            throw new IllegalArgumentException("The @context fetch timeout and cache time-to-live must be positive");
        }
        if (maxBytes <= 0 || maxImports <= 0 || cacheBytes <= 0) {
            throw new IllegalArgumentException("The @context size, import and cache limits must be positive");
        }
    }

    public ContextLimits withFetchTimeout(Duration timeout) {
        return new ContextLimits(timeout, maxBytes, maxImports, cacheBytes, cacheTtl);
    }

    public ContextLimits withCache(long bytes, Duration ttl) {
        return new ContextLimits(fetchTimeout, maxBytes, maxImports, bytes, ttl);
    }

    public ContextLimits withMaxBytes(int bytes) {
        return new ContextLimits(fetchTimeout, bytes, maxImports, cacheBytes, cacheTtl);
    }
}
