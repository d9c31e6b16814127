package be.belfort.subscriptions;

import java.time.Instant;

/**
 * The delivery figures of one subscription (clause 5.2.14, NotificationParams): how many notifications
 * were sent and failed, when the last one went, succeeded and failed, and whether its receiver is
 * failing now. Kept in memory and saved in the background.
 *
 * <p>It also counts the subscription's notifications waiting in the outbox. When they are too many, the
 * subscription is stopped: it records no more notifications until its owner updates it, and those
 * waiting are dropped (and counted).
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
    private String stoppedBecause;
    /** Why the last attempt failed, as the sender said, scrubbed and bounded ({@link FailureReason}). */
    private String lastFailureReason;
    private long dropped;
    /** When the subscription was last stopped: notifications made until then are dropped, even once it resumes. */
    private Instant stoppedAt;
    /** Recorded minus settled; counted in the order events reach this process, so it may dip below zero briefly. */
    private long pending;
    private boolean dirty;

    /**
     * The figures at one moment, to render or save.
     *
     * @param stoppedBecause why the subscription no longer records notifications, or null while it does
     * @param dropped        notifications dropped because the subscription was stopped
     * @param lastFailureReason why the last failed attempt failed ({@link FailureReason}: no credentials), or null
     */
    public record Snapshot(String tenant, String subscriptionId, long timesSent, long timesFailed,
                           Instant lastNotification, Instant lastSuccess, Instant lastFailure, boolean failing,
                           String stoppedBecause, long dropped, String lastFailureReason) {
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
        status.stoppedBecause = saved.stoppedBecause();
        status.dropped = saved.dropped();
        status.lastFailureReason = saved.lastFailureReason();
        return status;
    }

    synchronized void succeeded(Instant at) {
        timesSent++;
        lastNotification = at;
        lastSuccess = at;
        failing = false;
        dirty = true;
    }

    synchronized void failed(Instant at, boolean nowFailing, String reason) {
        lastFailureReason = FailureReason.of(reason);
        timesSent++;
        timesFailed++;
        lastNotification = at;
        lastFailure = at;
        failing = failing || nowFailing;
        dirty = true;
    }

    /** Why the last failed attempt failed (on any node, once saved), or null. */
    public synchronized String lastFailureReason() {
        return lastFailureReason;
    }

    synchronized Instant lastNotification() {
        return lastNotification;
    }

    /** Notifications this node took over from the outbox, now waiting here. */
    synchronized void takenOver(long count) {
        pending += count;
    }

    /** One more notification recorded in the outbox; true when that makes more than {@code max} waiting. */
    synchronized boolean recorded(long max) {
        pending++;
        return pending > max;
    }

    /** One notification left the outbox: delivered, throttled or given up. */
    synchronized void settled() {
        pending--;
    }

    /** One notification recorded while the subscription was stopped, dropped. */
    synchronized void droppedOne() {
        dropped++;
        dirty = true;
    }

    /** Stops the subscription: every waiting notification counts as dropped. Returns how many that were. */
    synchronized long stop(Instant at, String why) {
        long waiting = Math.max(pending, 0);
        dropped += waiting;
        pending = 0;
        stoppedBecause = why;
        stoppedAt = at;
        failing = true;
        lastFailure = at;
        dirty = true;
        return waiting;
    }

    synchronized boolean stopped() {
        return stoppedBecause != null;
    }

    /** True when a notification made at {@code createdAt} was dropped by a stop. */
    synchronized boolean drops(Instant createdAt) {
        return stoppedBecause != null || (stoppedAt != null && !createdAt.isAfter(stoppedAt));
    }

    /** Its owner updated the subscription: it records notifications again. */
    synchronized void resume() {
        if (stoppedBecause != null) {
            stoppedBecause = null;
            failing = false;
            dirty = true;
        }
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(tenant, subscriptionId, timesSent, timesFailed, lastNotification, lastSuccess, lastFailure,
                failing, stoppedBecause, dropped, lastFailureReason);
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
