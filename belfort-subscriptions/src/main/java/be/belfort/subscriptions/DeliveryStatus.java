package be.belfort.subscriptions;

import java.time.Instant;

/**
 * The delivery figures of one subscription (clause 5.2.14, NotificationParams): how many notifications
 * were sent and failed, when the last one went, succeeded and failed, and whether its receiver is
 * failing now. Kept in memory and saved in the background.
 */
public final class DeliveryStatus {
    private final String tenant;
    private final String subscriptionId;
    private long timesSent;
    private long timesFailed;
    private Instant lastNotification;
    private Instant lastSuccess;
    private Instant lastFailure;
    private boolean failing;
    private boolean dirty;

    /** The figures at one moment, to render or save. */
    public record Snapshot(String tenant, String subscriptionId, long timesSent, long timesFailed,
                           Instant lastNotification, Instant lastSuccess, Instant lastFailure, boolean failing) {
    }

    public DeliveryStatus(String tenant, String subscriptionId) {
        this.tenant = tenant;
        this.subscriptionId = subscriptionId;
    }

    static DeliveryStatus of(Snapshot saved) {
        DeliveryStatus status = new DeliveryStatus(saved.tenant(), saved.subscriptionId());
        status.timesSent = saved.timesSent();
        status.timesFailed = saved.timesFailed();
        status.lastNotification = saved.lastNotification();
        status.lastSuccess = saved.lastSuccess();
        status.lastFailure = saved.lastFailure();
        status.failing = saved.failing();
        return status;
    }

    synchronized void succeeded(Instant at) {
        timesSent++;
        lastNotification = at;
        lastSuccess = at;
        failing = false;
        dirty = true;
    }

    synchronized void failed(Instant at, boolean nowFailing) {
        timesSent++;
        timesFailed++;
        lastNotification = at;
        lastFailure = at;
        failing = failing || nowFailing;
        dirty = true;
    }

    synchronized Instant lastNotification() {
        return lastNotification;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(tenant, subscriptionId, timesSent, timesFailed, lastNotification, lastSuccess, lastFailure,
                failing);
    }

    /** The snapshot to save, or null when nothing changed since the last save. */
    synchronized Snapshot takeIfChanged() {
        if (!dirty) {
            return null;
        }
        dirty = false;
        return snapshot();
    }
}
