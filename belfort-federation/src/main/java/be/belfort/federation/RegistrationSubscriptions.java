package be.belfort.federation;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.subscriptions.Endpoint;
import be.belfort.subscriptions.Sender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Subscriptions to registrations (clause 5.11): stored, held in memory per tenant, and told of every
 * registration that appears, changes or goes on this node. Notifications are kept in the {@link NotificationQueue}
 * and POSTed with the subscriptions module's HTTP sender, each on a virtual thread of its own, tried
 * {@link #ATTEMPTS} times with a doubling pause; one that a stopped or dead node could not deliver is taken by
 * another (or by this node after a restart) up to {@link #ROUNDS} times. contextSourceInfo (credentials for the
 * source) is never in a notification.
 */
public final class RegistrationSubscriptions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationSubscriptions.class);
    static final int ATTEMPTS = 3;
    static final int ROUNDS = 3;
    /** How long a node holds a notification it tries: longer than its attempts with their pauses take. */
    private final Duration lease;

    private final DocumentStore store;
    private final RegistrationSubscriptionParser parser = new RegistrationSubscriptionParser();
    private final RegistrationView view;
    private final Sender sender;
    private final Function<JsonNode, UnaryOperator<String>> compacting;
    private final Clock clock;
    private final Map<String, List<RegistrationSubscription>> byTenant = new ConcurrentHashMap<>();
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
    private final NotificationQueue queue;
    private final Tally figures;
    private final Registrations registrations;
    /** The queued notifications this node is trying now, handed back when it stops. */
    private final Set<Long> underWay = ConcurrentHashMap.newKeySet();

    /**
     * @param compacting the IRI compaction of a subscription's @context
     * @param timeout    how long one attempt may take
     */
    public RegistrationSubscriptions(DocumentStore store, NotificationQueue queue, FigureStore figures,
                                     Registrations registrations, Sender sender,
                                     Function<JsonNode, UnaryOperator<String>> compacting, Clock clock, Duration timeout) {
        this.store = store;
        this.queue = queue;
        this.figures = new Tally(figures, FigureStore.Kind.SUBSCRIPTION);
        this.registrations = registrations;
        this.view = new RegistrationView();
        this.sender = sender;
        this.compacting = compacting;
        this.clock = clock;
        this.lease = timeout.plusSeconds(2).multipliedBy(ATTEMPTS).plusSeconds(10);
    }

    public synchronized void load() {
        Map<String, List<RegistrationSubscription>> all = new java.util.HashMap<>();
        for (DocumentStore.Stored stored : store.loadAll()) {
            RegistrationSubscription subscription = restore(stored);
            if (subscription != null) {
                all.computeIfAbsent(subscription.tenant(), tenant -> new ArrayList<>()).add(subscription);
            }
        }
        byTenant.keySet().retainAll(all.keySet());
        all.forEach((tenant, subscriptions) -> byTenant.put(tenant, List.copyOf(subscriptions)));
    }

    /** Reads one subscription anew after another node created, changed or deleted it. */
    public synchronized void refresh(String tenant, String id) {
        RegistrationSubscription subscription = store.load(tenant, id).map(this::restore).orElse(null);
        if (subscription == null) {
            removeFromMemory(tenant, id);
        } else {
            put(subscription);
        }
    }

    private RegistrationSubscription restore(DocumentStore.Stored stored) {
        try {
            ObjectNode document = stored.document().deepCopy();
            JsonNode context = document.remove(RegistrationSubscriptionParser.CONTEXT);
            return parser.parse(stored.tenant(), document, UnaryOperator.identity(), context,
                    Instant.parse(document.path(RegistrationParser.CREATED_AT).asText()), null);
        } catch (RuntimeException e) {
            LOG.warn("Registration subscription {} in tenant '{}' is left out: {}",
                    stored.document().path("id").asText(), stored.tenant(), e.getMessage());
            return null;
        }
    }

    public synchronized RegistrationSubscription create(String tenant, ObjectNode body, UnaryOperator<String> expand,
                                                        JsonNode context) {
        Instant now = clock.instant();
        RegistrationSubscription subscription = parser.parse(tenant, body, expand, context, now, now);
        if (find(tenant, subscription.id()) != null
                || !store.insert(tenant, subscription.id(), stored(subscription), subscription.expiresAt())) {
            throw new NgsiLdException(ErrorType.ALREADY_EXISTS, "A subscription " + subscription.id() + " exists already");
        }
        put(subscription);
        return subscription;
    }

    public RegistrationSubscription get(String tenant, String id) {
        RegistrationSubscription found = find(tenant, id);
        if (found == null) {
            throw NgsiLdException.notFound("No subscription to registrations " + id);
        }
        return found;
    }

    public List<RegistrationSubscription> list(String tenant) {
        return byTenant.getOrDefault(tenant, List.of());
    }

    public synchronized void update(String tenant, String id, ObjectNode fragment, UnaryOperator<String> expand,
                                    JsonNode context) {
        RegistrationSubscription current = get(tenant, id);
        if (fragment.has("id") && !fragment.get("id").asText().equals(id)) {
            throw NgsiLdException.badData("The id of a subscription cannot change");
        }
        ObjectNode merged = current.document().deepCopy();
        fragment.properties().forEach(member -> {
            if (member.getValue().isNull()) {
                merged.remove(member.getKey());
            } else {
                merged.set(member.getKey(), member.getValue());
            }
        });
        // Names the fragment brings are expanded with its @context; those kept are already IRIs, which stay as they are.
        RegistrationSubscription updated = parser.parse(tenant, merged, expand, context, current.createdAt(),
                clock.instant());
        store.update(tenant, id, stored(updated), updated.expiresAt());
        put(updated);
    }

    public synchronized void delete(String tenant, String id) {
        get(tenant, id);
        store.delete(tenant, id);
        removeFromMemory(tenant, id);
        figures.forget(tenant, id);
    }

    private void removeFromMemory(String tenant, String id) {
        byTenant.computeIfPresent(tenant, (key, current) -> {
            List<RegistrationSubscription> next = current.stream().filter(s -> !s.id().equals(id)).toList();
            return next.isEmpty() ? null : next;
        });
    }

    /** Notifies the subscriptions a registration change concerns (before or after, null when there is none). */
    void changed(Registration before, Registration after) {
        Registration any = after != null ? after : before;
        Instant now = clock.instant();
        for (RegistrationSubscription subscription : list(any.tenant())) {
            if (!subscription.isActive(now)) {
                continue;
            }
            boolean was = subscription.concerns(before);
            boolean is = subscription.concerns(after);
            String trigger = was && is ? "updated" : is ? "newlyMatching" : was ? "noLongerMatching" : null;
            if (trigger != null) {
                ObjectNode notification = notification(subscription, is ? after : before, trigger, now);
                long seq = keep(subscription, notification);
                deliveries.submit(() -> deliver(subscription, notification, seq));
            }
        }
    }

    /** The notification in the queue, held by this node; -1 when the queue could not take it (it is still sent). */
    private long keep(RegistrationSubscription subscription, ObjectNode notification) {
        try {
            long seq = queue.add(subscription.tenant(), subscription.id(), notification, lease);
            underWay.add(seq);
            return seq;
        } catch (RuntimeException e) {
            LOG.warn("A notification of subscription {} is sent without being kept: {}", subscription.id(), e.toString());
            return -1;
        }
    }

    /**
     * Delivers the notifications that no node holds: those of a node that stopped before it could, or of one
     * whose lease ran out. Returns how many were taken.
     */
    public int takeOver() {
        int taken = 0;
        for (NotificationQueue.Queued queued : queue.takeDue(100, lease)) {
            RegistrationSubscription subscription = find(queued.tenant(), queued.subscriptionId());
            if (subscription == null || !subscription.isActive(clock.instant()) || queued.rounds() > ROUNDS) {
                if (subscription != null && queued.rounds() > ROUNDS) {
                    LOG.warn("A notification of subscription {} to {} is given up after {} rounds", subscription.id(),
                            subscription.endpoint(), ROUNDS);
                }
                queue.done(queued.seq());
                continue;
            }
            underWay.add(queued.seq());
            deliveries.submit(() -> deliver(subscription, queued.notification(), queued.seq()));
            taken++;
        }
        return taken;
    }

    /** Stores what this node counted of its notifications since it last did. */
    public void saveFigures() {
        figures.flush();
    }

    /** The figures of the tenant's subscriptions, every node's notifications included, by id. */
    public Map<String, Figures> figures(String tenant) {
        return figures.of(tenant);
    }

    private ObjectNode notification(RegistrationSubscription subscription, Registration registration, String trigger,
                                    Instant now) {
        UnaryOperator<String> compact;
        try {
            compact = compacting.apply(subscription.context());
        } catch (RuntimeException unavailable) {
            compact = UnaryOperator.identity();
        }
        ObjectNode notification = JsonNodeFactory.instance.objectNode()
                .put("id", "urn:ngsi-ld:Notification:" + UUID.randomUUID())
                .put("type", "Notification")
                .put("subscriptionId", subscription.id())
                .put("notifiedAt", now.toString())
                .put("triggerReason", trigger);
        Map<String, Figures> sources = registrations.figures(registration.tenant());
        notification.putArray("data").add(view.render(registration, sources, compact, false, false));
        return notification;
    }

    private void deliver(RegistrationSubscription subscription, ObjectNode notification, long seq) {
        Endpoint endpoint = new Endpoint(subscription.endpoint(), Endpoint.JSON,
                List.copyOf(subscription.receiverInfo().entrySet()), Map.of());
        Map<String, String> headers = new java.util.LinkedHashMap<>(subscription.receiverInfo());
        headers.put("Content-Type", "application/json");
        if (!subscription.tenant().isEmpty()) {
            headers.put("NGSILD-Tenant", subscription.tenant());
        }
        Duration pause = Duration.ofSeconds(1);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                sender.send(endpoint, notification, headers);
                figures.count(subscription.tenant(), subscription.id(), true, clock.instant());
                settled(seq);
                return;
            } catch (Sender.DeliveryFailure failure) {
                figures.count(subscription.tenant(), subscription.id(), false, clock.instant());
                if (attempt == ATTEMPTS) {
                    LOG.warn("A notification of subscription {} to {} was not delivered: {}", subscription.id(),
                            subscription.endpoint(), failure.getMessage());
                    settled(seq);
                    return;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                // This node stops: the notification stays in the queue, handed back for another node or the next start.
                Thread.currentThread().interrupt();
                return;
            }
            pause = pause.multipliedBy(2);
        }
    }

    private void settled(long seq) {
        if (seq < 0) {
            return;
        }
        try {
            queue.done(seq);
        } catch (RuntimeException e) {
            LOG.warn("A delivered notification stays in the queue and may be sent again: {}", e.toString());
        }
        underWay.remove(seq);
    }

    /** A subscription as shown: names compacted with the reader's @context, system times on request. */
    public ObjectNode render(RegistrationSubscription subscription, Map<String, Figures> figures,
                             UnaryOperator<String> compact, boolean sysAttrs) {
        ObjectNode shown = subscription.document().deepCopy();
        Figures sent = figures.getOrDefault(subscription.id(), Figures.NONE);
        if (sent.timesSent() > 0 && shown.get("notification") instanceof ObjectNode notification) {
            notification.put("status", sent.ok() ? "ok" : "failed");
            notification.put("timesSent", sent.timesSent());
            notification.put("timesFailed", sent.timesFailed());
            notification.put("lastNotification", sent.lastAttempt().toString());
            if (sent.lastSuccess() != null) {
                notification.put("lastSuccess", sent.lastSuccess().toString());
            }
            if (sent.lastFailure() != null) {
                notification.put("lastFailure", sent.lastFailure().toString());
            }
        }
        if (!sysAttrs) {
            shown.remove(RegistrationParser.CREATED_AT);
            shown.remove(RegistrationParser.MODIFIED_AT);
        }
        for (JsonNode entity : shown.path("entities")) {
            ((ObjectNode) entity).put("type", compact.apply(entity.path("type").asText()));
        }
        JsonNode watched = shown.get("watchedAttributes");
        if (watched != null) {
            for (int i = 0; i < watched.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) watched).set(i,
                        JsonNodeFactory.instance.textNode(compact.apply(watched.get(i).asText())));
            }
        }
        shown.put("isActive", subscription.active());
        return shown;
    }

    private static ObjectNode stored(RegistrationSubscription subscription) {
        ObjectNode stored = subscription.document().deepCopy();
        if (subscription.context() != null) {
            stored.set(RegistrationSubscriptionParser.CONTEXT, subscription.context());
        }
        return stored;
    }

    private RegistrationSubscription find(String tenant, String id) {
        return byTenant.getOrDefault(tenant, List.of()).stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    private void put(RegistrationSubscription subscription) {
        byTenant.compute(subscription.tenant(), (tenant, current) -> {
            List<RegistrationSubscription> next = new ArrayList<>(current == null ? List.of() : current);
            next.removeIf(s -> s.id().equals(subscription.id()));
            next.add(subscription);
            return List.copyOf(next);
        });
    }

    /** Stops delivering; the notifications under way are handed back, for another node or the next start. */
    @Override
    public void close() {
        deliveries.shutdownNow();
        try {
            deliveries.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!underWay.isEmpty()) {
            try {
                queue.handBack(List.copyOf(underWay));
            } catch (RuntimeException e) {
                LOG.warn("{} notifications are delivered by another node once this node's hold runs out: {}",
                        underWay.size(), e.toString());
            }
        }
        saveFigures();
    }
}
