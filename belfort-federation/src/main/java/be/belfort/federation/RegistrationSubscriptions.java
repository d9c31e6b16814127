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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Subscriptions to registrations (clause 5.11): stored, held in memory per tenant, and told of every
 * registration that appears, changes or goes. Notifications are POSTed with the subscriptions module's HTTP
 * sender, each on a virtual thread of its own, tried {@link #ATTEMPTS} times with a doubling pause; they are not
 * kept across a restart. contextSourceInfo (credentials for the source) is never in a notification.
 */
public final class RegistrationSubscriptions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationSubscriptions.class);
    static final int ATTEMPTS = 3;

    private final DocumentStore store;
    private final RegistrationSubscriptionParser parser = new RegistrationSubscriptionParser();
    private final RegistrationView view;
    private final Sender sender;
    private final Function<JsonNode, UnaryOperator<String>> compacting;
    private final Clock clock;
    private final Map<String, List<RegistrationSubscription>> byTenant = new ConcurrentHashMap<>();
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();

    /** @param compacting the IRI compaction of a subscription's @context */
    public RegistrationSubscriptions(DocumentStore store, RegistrationView view, Sender sender,
                                     Function<JsonNode, UnaryOperator<String>> compacting, Clock clock) {
        this.store = store;
        this.view = view;
        this.sender = sender;
        this.compacting = compacting;
        this.clock = clock;
    }

    public synchronized void load() {
        for (DocumentStore.Stored stored : store.loadAll()) {
            try {
                ObjectNode document = stored.document();
                JsonNode context = document.remove(RegistrationSubscriptionParser.CONTEXT);
                put(parser.parse(stored.tenant(), document, UnaryOperator.identity(), context,
                        Instant.parse(document.path(RegistrationParser.CREATED_AT).asText()), null));
            } catch (RuntimeException e) {
                LOG.warn("Registration subscription {} in tenant '{}' is left out: {}",
                        stored.document().path("id").asText(), stored.tenant(), e.getMessage());
            }
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
                deliveries.submit(() -> deliver(subscription, notification));
            }
        }
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
        notification.putArray("data").add(view.render(registration, compact, false, false));
        return notification;
    }

    private void deliver(RegistrationSubscription subscription, ObjectNode notification) {
        Endpoint endpoint = new Endpoint(subscription.endpoint(), Endpoint.JSON,
                List.copyOf(subscription.receiverInfo().entrySet()), Map.of());
        Map<String, String> headers = new java.util.LinkedHashMap<>(subscription.receiverInfo());
        headers.put("Content-Type", "application/json");
        if (!subscription.tenant().isEmpty()) {
            headers.put("NGSILD-Tenant", subscription.tenant());
        }
        Duration pause = Duration.ofSeconds(1);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                sender.send(endpoint, notification, headers);
                return;
            } catch (Sender.DeliveryFailure failure) {
                if (attempt == ATTEMPTS) {
                    LOG.warn("A notification of subscription {} to {} was not delivered: {}", subscription.id(),
                            subscription.endpoint(), failure.getMessage());
                    return;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = pause.multipliedBy(2);
        }
    }

    /** A subscription as shown: names compacted with the reader's @context, system times on request. */
    public ObjectNode render(RegistrationSubscription subscription, UnaryOperator<String> compact, boolean sysAttrs) {
        ObjectNode shown = subscription.document().deepCopy();
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

    @Override
    public void close() {
        deliveries.shutdownNow();
    }
}
