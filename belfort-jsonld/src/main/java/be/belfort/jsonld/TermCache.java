package be.belfort.jsonld;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The expanded terms and compacted IRIs of every processed context, in one cache bounded by the memory of
 * its strings: the names are the clients', so no context may collect them without end.
 */
final class TermCache {
    private static final int ENTRY_OVERHEAD = 96;

    private record Key(long context, boolean compaction, String name) {
    }

    private final AtomicLong contexts = new AtomicLong();
    private final Cache<Key, String> cache;

    TermCache(long maxBytes) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key key, String value) -> 2 * (key.name().length() + value.length()) + ENTRY_OVERHEAD)
                .executor(Runnable::run)
                .build();
    }

    /** A number for a new context: entries name their context by it, so they never keep it in memory. */
    long newContext() {
        return contexts.incrementAndGet();
    }

    String expansion(long context, String term, Function<String, String> expand) {
        return lookUp(new Key(context, false, term), expand);
    }

    String compaction(long context, String iri, Function<String, String> compact) {
        return lookUp(new Key(context, true, iri), compact);
    }

    private String lookUp(Key key, Function<String, String> work) {
        String known = cache.getIfPresent(key);
        if (known == null) {
            // Worked out outside the cache's lock: expansion can throw for a bad name, which is not cached.
            known = work.apply(key.name());
            cache.put(key, known);
        }
        return known;
    }

    long weight() {
        cache.cleanUp();
        return cache.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0L)).orElse(0L);
    }
}
