package be.belfort.ingestion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Devices' status changes gathered in memory and written together, so that counting a message costs no write of
 * its own; a status read writes what is pending first.
 */
final class StatusBuffer {
    private final DeviceRegistry registry;
    private Map<String, DeviceStatus.Change> pending = new HashMap<>();
    /**
     * One flush at a time, from taking the changes to writing them: a status read that flushes while the periodic
     * flush writes waits for it, so it sees the changes that flush took; and two flushes never write their changes
     * in the wrong order (the newest errors first).
     */
    private final ReentrantLock flushing = new ReentrantLock();

    StatusBuffer(DeviceRegistry registry) {
        this.registry = registry;
    }

    synchronized void add(Device device, Instant at, long accepted, List<Refusal> refusals, Long frame) {
        List<DeviceStatus.Error> errors = new ArrayList<>();
        refusals.forEach(refusal -> errors.addFirst(new DeviceStatus.Error(at, refusal.describe())));
        keep(new DeviceStatus.Change(device.tenant(), device.deviceId(), at, accepted, refusals.size(),
                newest(errors), frame));
    }

    /** Adds a change to what is pending for its device, after what is pending (the caller holds the monitor). */
    private void keep(DeviceStatus.Change change) {
        pending.merge(change.tenant() + '\u0000' + change.deviceId(), change, StatusBuffer::then);
    }

    /** Two changes of one device as one: counts added, the later one's errors first, its frame if it has one. */
    private static DeviceStatus.Change then(DeviceStatus.Change earlier, DeviceStatus.Change later) {
        List<DeviceStatus.Error> errors = new ArrayList<>(later.errors());
        errors.addAll(earlier.errors());
        Instant lastSeen = later.lastSeen().isBefore(earlier.lastSeen()) ? earlier.lastSeen() : later.lastSeen();
        return new DeviceStatus.Change(later.tenant(), later.deviceId(), lastSeen,
                earlier.accepted() + later.accepted(), earlier.refused() + later.refused(),
                newest(errors), later.lastFrame() != null ? later.lastFrame() : earlier.lastFrame());
    }

    /** The first errors of a list that has the newest first, as many as a status keeps. */
    private static List<DeviceStatus.Error> newest(List<DeviceStatus.Error> errors) {
        return List.copyOf(errors.subList(0, Math.min(errors.size(), DeviceStatus.KEPT_ERRORS)));
    }

    /** Writes what is pending; what fails to be written is kept for the next flush. */
    void flush() {
        flushing.lock();
        try {
            Map<String, DeviceStatus.Change> taken;
            synchronized (this) {
                if (pending.isEmpty()) {
                    return;
                }
                taken = pending;
                pending = new HashMap<>();
            }
            try {
                registry.record(taken.values());
            } catch (RuntimeException e) {
                // Kept for the next flush, before whatever came meanwhile: no count or error is lost.
                synchronized (this) {
                    Map<String, DeviceStatus.Change> meanwhile = pending;
                    pending = new HashMap<>();
                    taken.values().forEach(this::keep);
                    meanwhile.values().forEach(this::keep);
                }
                throw e;
            }
        } finally {
            flushing.unlock();
        }
    }
}
