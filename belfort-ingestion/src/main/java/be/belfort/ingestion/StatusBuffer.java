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
        String key = device.tenant() + '\u0000' + device.deviceId();
        DeviceStatus.Change before = pending.get(key);
        List<DeviceStatus.Error> errors = new ArrayList<>();
        refusals.forEach(refusal -> errors.addFirst(new DeviceStatus.Error(at, refusal.describe())));
        if (before != null) {
            errors.addAll(before.errors());
        }
        pending.put(key, new DeviceStatus.Change(device.tenant(), device.deviceId(), at,
                accepted + (before == null ? 0 : before.accepted()),
                refusals.size() + (before == null ? 0 : before.refused()),
                List.copyOf(errors.subList(0, Math.min(errors.size(), DeviceStatus.KEPT_ERRORS))),
                frame != null ? frame : before == null ? null : before.lastFrame()));
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
                synchronized (this) {
                    taken.forEach(pending::putIfAbsent);
                }
                throw e;
            }
        } finally {
            flushing.unlock();
        }
    }
}
