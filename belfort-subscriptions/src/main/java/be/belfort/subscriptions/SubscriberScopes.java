package be.belfort.subscriptions;

import be.belfort.model.ReadAccess;
import be.belfort.model.ReadScope;
import be.belfort.model.Reader;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each subscriber may read, asked at delivery and kept for a second: notifications sent in a burst ask once,
 * and a revoked key or a closed dataset shows in the notifications sent a second later.
 */
final class SubscriberScopes {
    private static final long FRESH_NANOS = 1_000_000_000L;
    /** Owners are few (one per key or token that subscribed); beyond this the whole memory is dropped. */
    private static final int MOST = 10_000;

    private record Owner(Reader reader, String tenant) {
    }

    private record Known(ReadScope scope, long askedAt) {
    }

    private final ReadAccess access;
    private final Map<Owner, Known> known = new ConcurrentHashMap<>();

    SubscriberScopes(ReadAccess access) {
        this.access = access;
    }

    ReadScope of(Reader reader, String tenant) {
        Owner owner = new Owner(reader, tenant);
        long now = System.nanoTime();
        Known cached = known.get(owner);
        if (cached != null && now - cached.askedAt() < FRESH_NANOS) {
            return cached.scope();
        }
        ReadScope scope = access.scope(reader, tenant);
        if (known.size() >= MOST) {
            known.clear();
        }
        known.put(owner, new Known(scope, now));
        return scope;
    }
}
