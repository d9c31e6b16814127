package be.belfort.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writes of a group applied to their entities as the store keeps them, without reading or locking the rows: the
 * store writes them in one statement, each only if its row is still the version it kept (optimistic concurrency),
 * so that the usual change of an entity written a moment before costs one round trip instead of three (read and
 * lock, write, commit). What cannot go this way (an entity not kept, a creation or deletion, a row changed or held
 * meanwhile) is left to the locking path ({@link WriteGroup}), which applies the write again to the locked row.
 *
 * <p>A write that fails on the kept entity (404, 409, a limit) fails without asking the database: the kept row
 * holds every write acknowledged before it was taken, since a store forgets or replaces a row before it
 * acknowledges a change of it.
 */
final class KeptWrites {
    private static final System.Logger LOG = System.getLogger(KeptWrites.class.getName());

    private KeptWrites() {
    }

    /** Writes, settles and leaves out what it can; answers the writes left for the locking path. */
    static List<CommitGroups.Pending<EntityWrite, Object>> write(EntityStore store, String tenant,
                                                                List<CommitGroups.Pending<EntityWrite, Object>> group,
                                                                Instant now) {
        Map<String, EntityStore.Versioned> kept = store.keptForWrite(tenant,
                group.stream().map(pending -> pending.write().entityId()).toList());
        if (kept.isEmpty()) {
            return group;
        }
        List<CommitGroups.Pending<EntityWrite, Object>> left = new ArrayList<>();
        List<CommitGroups.Pending<EntityWrite, Object>> waiting = new ArrayList<>();
        List<Object> results = new ArrayList<>();
        List<EntityStore.Versioned> changed = new ArrayList<>();
        for (CommitGroups.Pending<EntityWrite, Object> pending : group) {
            EntityWrite write = pending.write();
            EntityStore.Versioned current = kept.get(write.entityId());
            if (current == null || !write.earlier().isEmpty()) {
                left.add(pending);
                continue;
            }
            EntityWrite.Applied applied;
            try {
                applied = write.apply(current.entity(), now);
            } catch (RuntimeException e) {
                pending.fail(e);
                continue;
            }
            if (applied.after() == null) {
                left.add(pending); // a deletion is recorded in the history from the locked row
                continue;
            }
            changed.add(new EntityStore.Versioned(applied.after(), current.version()));
            waiting.add(pending);
            results.add(applied.result());
        }
        if (changed.isEmpty()) {
            return left;
        }
        Set<String> written;
        try {
            written = store.writeUnchanged(tenant, changed);
        } catch (ServiceUnavailable e) {
            waiting.forEach(pending -> pending.fail(e));
            return left;
        } catch (RuntimeException e) {
            // nothing was written: the locking path writes each alone if it must, so only the one at fault fails
            LOG.log(System.Logger.Level.DEBUG, "Writes of kept entities failed (" + e + "); they take the locks");
            left.addAll(waiting);
            return left;
        }
        for (int i = 0; i < waiting.size(); i++) {
            if (written.contains(waiting.get(i).write().entityId())) {
                waiting.get(i).succeed(results.get(i));
            } else {
                left.add(waiting.get(i));
            }
        }
        return left;
    }
}
