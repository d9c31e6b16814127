package be.belfort.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Single-entity writes of one tenant, each of a different entity, applied together in one transaction: the
 * entities are read and locked in one statement, each write is applied in memory and either succeeds or fails on
 * its own (404, 409, a limit), and all that succeeded are written together, as a batch is: the same rows, history
 * entries and changes for the listener as when each has a transaction of its own.
 */
final class WriteGroup {

    /**
     * What became of each write, in the order given: its result or its failure (null when it succeeded), and the
     * changes the listener learns of.
     */
    record Applied(Object[] results, RuntimeException[] failures, boolean[] handedBack, List<EntityChange> changes) {
        boolean failed(int index) {
            return failures[index] != null;
        }
    }

    private WriteGroup() {
    }

    /**
     * @param watched      whether the listener wants the changes (which then costs a copy of each entity before it)
     * @param waitForLocks whether to wait for entities another transaction holds; if not, the writes of those are
     *                     left out, handed back to be written alone, so that one held entity never holds up a group
     */
    static Applied apply(EntityTransaction tx, List<EntityWrite> writes, Instant now, boolean watched,
                         boolean waitForLocks) {
        List<String> ids = writes.stream().map(EntityWrite::entityId).distinct().sorted().toList();
        EntityTransaction.Available available = waitForLocks
                ? new EntityTransaction.Available(tx.findAllForUpdate(ids), Set.of()) : tx.lockAvailable(ids);
        Map<String, Entity> locked = available.entities();
        Object[] results = new Object[writes.size()];
        RuntimeException[] failures = new RuntimeException[writes.size()];
        boolean[] handedBack = new boolean[writes.size()];
        List<EntityChange> changes = new ArrayList<>();
        List<Entity> inserts = new ArrayList<>();
        List<Entity> updates = new ArrayList<>();
        List<Entity> deleted = new ArrayList<>();
        List<EntityWrite> created = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            EntityWrite write = writes.get(i);
            if (available.heldElsewhere().contains(write.entityId())) {
                handedBack[i] = true;
                continue;
            }
            Entity current = locked.get(write.entityId());
            Entity before = watched && current != null ? current.copy() : current;
            try {
                EntityWrite.Applied applied = write.apply(current, now);
                results[i] = applied.result();
                if (current == null) {
                    inserts.add(applied.after());
                    created.add(write);
                } else if (applied.after() == null) {
                    deleted.add(current);
                } else {
                    updates.add(applied.after());
                }
                if (watched) {
                    changes.add(new EntityChange(before, applied.after()));
                }
            } catch (RuntimeException e) {
                failures[i] = e;
            }
        }
        inserts.sort(Comparator.comparing(Entity::id));
        updates.sort(Comparator.comparing(Entity::id));
        tx.write(inserts, updates);
        for (EntityWrite write : created) {
            if (!write.earlier().isEmpty()) {
                tx.recordHistory(write.entityId(), write.earlier(), now);
            }
        }
        if (!deleted.isEmpty()) {
            tx.recordDeletion(deleted, now);
            tx.delete(deleted.stream().map(Entity::id).toList());
        }
        return new Applied(results, failures, handedBack, changes);
    }
}
