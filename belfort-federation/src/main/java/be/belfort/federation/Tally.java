package be.belfort.federation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Counts requests to sources (or notifications to receivers) in memory, where counting costs nothing on a read's
 * path, and adds them to the shared store every few seconds ({@link #flush}) and when the node stops. What is
 * shown is the stored figures plus what this node has not stored yet; another node's latest counts appear once
 * it has stored them.
 */
final class Tally {
    private static final Logger LOG = LoggerFactory.getLogger(Tally.class);

    private final FigureStore store;
    private final FigureStore.Kind kind;
    private final Map<FigureStore.Key, Figures> unsaved = new ConcurrentHashMap<>();
    /**
     * A flush holds it to write, from taking the counts out of memory until the store has them; reads hold it to
     * read, so that none falls between the two and shows a count going down.
     */
    private final ReadWriteLock flushing = new ReentrantReadWriteLock();

    Tally(FigureStore store, FigureStore.Kind kind) {
        this.store = store;
        this.kind = kind;
    }

    void count(String tenant, String id, boolean success, Instant at) {
        unsaved.merge(new FigureStore.Key(tenant, id), success ? Figures.success(at) : Figures.failure(at), Figures::plus);
    }

    /** The figures of the tenant's registrations or subscriptions, by id, this node's unsaved ones included. */
    Map<String, Figures> of(String tenant) {
        flushing.readLock().lock();
        try {
            Map<String, Figures> all = new HashMap<>(store.read(kind, tenant));
            unsaved.forEach((key, figures) -> {
                if (key.tenant().equals(tenant)) {
                    all.merge(key.id(), figures, Figures::plus);
                }
            });
            return all;
        } finally {
            flushing.readLock().unlock();
        }
    }

    Figures of(String tenant, String id) {
        return of(tenant).getOrDefault(id, Figures.NONE);
    }

    /** Adds what was counted since the last flush to the store; on failure it is kept for the next one. */
    void flush() {
        flushing.writeLock().lock();
        try {
            if (unsaved.isEmpty()) {
                return;
            }
            Map<FigureStore.Key, Figures> taken = new HashMap<>();
            for (FigureStore.Key key : unsaved.keySet()) {
                Figures figures = unsaved.remove(key);
                if (figures != null) {
                    taken.put(key, figures);
                }
            }
            try {
                store.add(kind, taken);
            } catch (RuntimeException e) {
                taken.forEach((key, figures) -> unsaved.merge(key, figures, Figures::plus));
                throw e;
            }
        } finally {
            flushing.writeLock().unlock();
        }
    }

    /** Forgets a registration or subscription that is gone. */
    void forget(String tenant, String id) {
        unsaved.remove(new FigureStore.Key(tenant, id));
        try {
            store.remove(kind, tenant, id);
        } catch (RuntimeException e) {
            LOG.warn("The figures of {} in tenant '{}' were not removed: {}", id, tenant, e.toString());
        }
    }
}
