package be.belfort.subscriptions;

import be.belfort.jsonld.LdContext;
import be.belfort.model.ReadAccess;
import be.belfort.model.ReadScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers notifications: one {@link ReceiverQueue} per receiver, each with its own thread, timeout and
 * retries with exponential back-off. A notification leaves the outbox once its receiver has taken it,
 * or when it is given up (its subscription is gone or paused, it is throttled, or it is too old).
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final String LINK_REL = "rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";

    private final Subscriptions subscriptions;
    private final Outbox outbox;
    private final Sender http;
    private final Sender mqtt;
    private final ObjectMapper json;
    private final DeliverySettings settings;
    private final Acknowledger acknowledger;
    private final Map<String, ReceiverQueue> queues = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failedAttempts = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong givenUp = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong stopped = new java.util.concurrent.atomic.AtomicLong();

    private final SubscriberScopes scopes;
    private final NotificationData data = new NotificationData();

    private final NotificationJoins joins;

    /** As the full constructor, for notifications that never carry linked entities. */
    public Dispatcher(Subscriptions subscriptions, Outbox outbox, Sender http, Sender mqtt, ObjectMapper json,
                      DeliverySettings settings, ReadAccess readAccess) {
        this(subscriptions, outbox, http, mqtt, json, settings, readAccess, null);
    }

    /**
     * @param readAccess what a subscriber may read when its notification is sent
     * @param queries    what the linked entities of notifications with join are read with
     */
    public Dispatcher(Subscriptions subscriptions, Outbox outbox, Sender http, Sender mqtt, ObjectMapper json,
                      DeliverySettings settings, ReadAccess readAccess, be.belfort.query.QueryService queries) {
        this.joins = new NotificationJoins(queries);
        this.scopes = new SubscriberScopes(readAccess);
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.http = http;
        this.mqtt = mqtt;
        this.json = json;
        this.settings = settings;
        this.acknowledger = new Acknowledger(outbox);
    }

    /** The most notifications one take-over claims; the rest come with the next. */
    private static final int CLAIM_LIMIT = 10_000;

    /** Takes over what is left in the outbox without a live node to deliver it (after a restart, a node's death). */
    public void start(boolean ofLapsedNodes) {
        int receivers = takeOver(ofLapsedNodes);
        if (receivers > 0) {
            LOG.info("Resuming notifications for {} receivers from the outbox", receivers);
        }
    }

    /**
     * Claims the notifications that no live node delivers (handed back by a node that stopped, and with
     * {@code ofLapsedNodes} those of nodes whose lease ran out) and queues them here; returns for how many
     * receivers. Run every second.
     */
    public int takeOver(boolean ofLapsedNodes) {
        if (!running) {
            return 0;
        }
        List<Outbox.Claimed> claimed = outbox.claimAbandoned(CLAIM_LIMIT, ofLapsedNodes);
        java.util.Set<String> receivers = new java.util.HashSet<>();
        for (Outbox.Claimed taken : claimed) {
            Subscriptions.Entry entry = subscriptions.find(taken.tenant(), taken.subscriptionId());
            if (entry != null) {
                entry.status().takenOver(taken.count());
            }
            receivers.add(taken.queueKey());
        }
        receivers.forEach(key -> queue(key, true).spill());
        return receivers.size();
    }

    /** Hands over notifications just committed to the outbox. */
    void offer(List<PendingNotification> notifications) {
        for (PendingNotification notification : notifications) {
            Subscriptions.Entry entry = subscriptions.find(notification.tenant(), notification.subscriptionId());
            if (entry != null && entry.status().stopped()) {
                // Recorded by a transaction that matched before the subscription was stopped.
                entry.status().droppedOne();
                dropped.incrementAndGet();
                acknowledger.acknowledge(notification.id());
            } else if (entry != null && entry.status().recorded(settings.maxPending())) {
                stop(entry);
            } else {
                queue(notification.queueKey(), false).offer(notification);
            }
        }
    }

    /**
     * Stops a subscription whose receiver has let more than the most notifications wait: it records no
     * more, and those waiting are dropped, so that no receiver can fill the outbox and slow the writers.
     */
    private void stop(Subscriptions.Entry entry) {
        Subscription subscription = entry.subscription();
        String why = "Stopped: more than " + settings.maxPending() + " notifications were waiting for "
                + subscription.notification().endpoint().uri() + "; they were dropped. Update the subscription"
                + " (for instance with isActive true) to notify again.";
        long waiting = entry.status().stop(subscriptions.now(), why);
        dropped.addAndGet(waiting);
        stopped.incrementAndGet();
        LOG.warn("Subscription {} of tenant '{}' stopped: more than {} notifications waiting for its receiver; {} dropped",
                subscription.id(), subscription.tenant(), settings.maxPending(), waiting);
        Thread.ofVirtual().name("belfort-outbox-drop").start(() -> {
            try {
                outbox.removeSubscription(subscription.tenant(), subscription.id());
            } catch (RuntimeException e) {
                // What stays is dropped by the receiver queue when it comes to it.
                LOG.warn("Could not drop the waiting notifications of subscription {}: {}", subscription.id(), e.toString());
            }
        });
    }

    private ReceiverQueue queue(String key, boolean spilled) {
        return queues.computeIfAbsent(key, k -> new ReceiverQueue(k, settings.queueCapacity(), settings.parallelism(), outbox, acknowledger,
                spilled, this::deliver));
    }

    /** Notifications receivers took, since the start. */
    public long delivered() {
        return delivered.get();
    }

    /** Attempts that failed (each is retried), since the start. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Notifications given up because they could not be delivered within the longest age. */
    public long givenUp() {
        return givenUp.get();
    }

    /** Notifications dropped because their subscription had too many waiting, since the start. */
    public long dropped() {
        return dropped.get();
    }

    /** Subscriptions stopped because too many of their notifications were waiting, since the start. */
    public long stopped() {
        return stopped.get();
    }

    /** Notifications waiting in memory, over all receivers. */
    /** The notifications waiting in memory for one receiver (an endpoint's queue key). */
    public int queued(String queueKey) {
        ReceiverQueue queue = queues.get(queueKey);
        return queue == null ? 0 : queue.size();
    }

    public int queued() {
        return queues.values().stream().mapToInt(ReceiverQueue::size).sum();
    }

    private void deliver(PendingNotification pending) {
        for (int attempt = 1; running; attempt++) {
            Subscriptions.Entry entry = subscriptions.find(pending.tenant(), pending.subscriptionId());
            Instant now = subscriptions.now();
            if (entry == null || entry.status().drops(pending.createdAt())) {
                // Gone with its subscription, or counted as dropped when the subscription was stopped.
                acknowledger.acknowledge(pending.id());
                return;
            }
            if (!entry.subscription().isLive(now)
                    || !entry.subscription().notification().endpoint().queueKey().equals(pending.queueKey())) {
                settle(entry, pending);
                return;
            }
            if (attempt == 1 && throttled(entry, now)) {
                settle(entry, pending);
                return;
            }
            if (pending.createdAt().plus(settings.maxAge()).isBefore(now)) {
                LOG.warn("Gave up notification {} of subscription {}: not delivered within {}", pending.id(),
                        pending.subscriptionId(), settings.maxAge());
                givenUp.incrementAndGet();
                settle(entry, pending);
                return;
            }
            List<ObjectNode> shown;
            try {
                shown = render(entry, pending);
            } catch (RuntimeException e) {
                // One subscription that cannot be served (say, its @context became unreachable) loses this
                // notification; its receiver and the other subscriptions are not held up.
                LOG.warn("Subscription {} of tenant '{}' skipped a notification: {}", pending.subscriptionId(),
                        pending.tenant(), e.toString());
                settle(entry, pending);
                return;
            }
            if (shown == null) {
                settle(entry, pending);
                return;
            }
            try {
                send(entry, pending.notificationId(), pending.trigger(), shown, now);
                entry.status().succeeded(now);
                delivered.incrementAndGet();
                settle(entry, pending);
                return;
            } catch (Sender.DeliveryFailure failure) {
                boolean failing = attempt >= settings.failAfter();
                failedAttempts.incrementAndGet();
                entry.status().failed(now, failing, failure.getMessage());
                // The first failure, the one that marks the receiver failed, then every tenth: enough to
                // see a receiver's trouble without a line per retry.
                if (attempt == 1 || attempt == settings.failAfter() || attempt % 10 == 0) {
                    LOG.info("Notification to {} failed (attempt {}): {}", Endpoint.shown(pending.queueKey()), attempt, failure.getMessage());
                }
            }
            if (!sleep(backoff(attempt))) {
                return;
            }
        }
    }

    /**
     * The notification's data as its subscriber may see it now, in the subscription's format, attributes and
     * @context (with join, the entities it links to); null when the subscriber may no longer see the entity at all.
     */
    private List<ObjectNode> render(Subscriptions.Entry entry, PendingNotification pending) {
        NotifiedChange notified = pending.change();
        if (notified.change() == null) {
            return notified.data(null, null);
        }
        Subscription subscription = entry.subscription();
        ReadScope scope = scopes.of(entry.owner(), pending.tenant());
        if (!scope.allows(notified.change().current())) {
            return null;
        }
        Subscription.Notification how = subscription.notification();
        NotifiedChange.Rendering rendering = new NotifiedChange.Rendering(scope, pending.trigger(), how.representation(),
                how.showChanges(), entry.notificationContext(), how.join());
        return notified.data(rendering, () -> data.render(subscription, scope.trim(notified.change()), pending.trigger(),
                entry.notificationContext(), notified.at(), joins.shower(pending.tenant(), how.join(), scope)));
    }

    private void settle(Subscriptions.Entry entry, PendingNotification pending) {
        entry.status().settled();
        acknowledger.acknowledge(pending.id());
    }

    /**
     * The entities of a periodic notification, each with the entities its links reach when the subscription asks
     * for them (join), as its subscriber may see them.
     */
    List<ObjectNode> show(Subscriptions.Entry entry, List<be.belfort.model.Entity> entities, ReadScope scope) {
        Subscription subscription = entry.subscription();
        return joins.show(subscription.tenant(), entities, subscription.notification().join(), scope,
                entry.notificationContext(), subscription.notification().representation());
    }

    /** Sends one notification now, not through the outbox (periodic notifications are made anew each time). */
    void send(Subscriptions.Entry entry, String notificationId, Trigger trigger, List<ObjectNode> data, Instant now)
            throws Sender.DeliveryFailure {
        Subscription subscription = entry.subscription();
        Endpoint endpoint = subscription.notification().endpoint();
        LdContext context = entry.notificationContext();
        ObjectNode notification = json.createObjectNode();
        notification.put("id", notificationId);
        notification.put("type", "Notification");
        notification.put("subscriptionId", subscription.id());
        notification.put("notifiedAt", now.toString());
        notification.putArray("data").addAll(data);
        if (trigger != null) {
            notification.put("triggerReason", trigger.term());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", endpoint.accept());
        if (Endpoint.JSON_LD.equals(endpoint.accept())) {
            JsonNode reference = context.reference();
            notification.set("@context", reference);
        } else {
            headers.put("Link", "<" + context.linkUrl() + ">; " + LINK_REL);
        }
        if (!subscription.tenant().isEmpty()) {
            headers.put("NGSILD-Tenant", subscription.tenant());
        }
        endpoint.receiverInfo().forEach(info -> headers.put(info.getKey(), info.getValue()));
        (endpoint.isMqtt() ? mqtt : http).send(endpoint, notification, headers);
    }

    private static boolean throttled(Subscriptions.Entry entry, Instant now) {
        Integer throttling = entry.subscription().throttling();
        Instant last = entry.status().lastNotification();
        return throttling != null && last != null && last.plusSeconds(throttling).isAfter(now);
    }

    private Duration backoff(int attempt) {
        long millis = 500L << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops every queue; what is not delivered stays in the outbox, handed back for any node to deliver. */
    @Override
    public void close() {
        running = false;
        queues.values().forEach(ReceiverQueue::stop);
        acknowledger.close();
        try {
            outbox.handBack();
        } catch (RuntimeException e) {
            LOG.warn("Could not hand back the notifications this node was to deliver; other nodes take them over"
                    + " once its lease runs out: {}", e.toString());
        }
        http.close();
        mqtt.close();
        subscriptions.saveStatus();
    }
}
