package be.belfort.subscriptions;

import be.belfort.model.Reader;
import be.belfort.jsonld.ContextResolver;
import be.belfort.jsonld.LdContext;
import be.belfort.model.ErrorType;
import be.belfort.model.Members;
import be.belfort.security.OutboundGuard;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscriptions of every tenant (clause 5.8): created, read, updated and deleted here, stored
 * through the {@link SubscriptionStore} and kept in memory, because every committed change is matched
 * against them.
 */
public final class Subscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

    /** A subscription with the @context it was written with and its delivery figures. */
    /**
     * @param notificationContext the subscription's @context for notifications, processed once here rather
     *                            than for every notification
     */
    public record Entry(Subscription subscription, JsonNode writtenContext, DeliveryStatus status, Reader owner,
                        LdContext notificationContext) {
    }

    private final SubscriptionStore store;
    private final Outbox outbox;
    private final ContextResolver contexts;
    private final Clock clock;
    private final Map<String, Map<String, Entry>> byTenant = new ConcurrentHashMap<>();
    /** Per tenant, how many times its subscriptions changed here: an index read at an older version is built again. */
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final Map<String, SubscriptionIndex> indexes = new ConcurrentHashMap<>();

    private final OutboundGuard guard;
    /**
     * Held while the store is read or written and memory follows it: a refresh that read a row before this node
     * deleted it must not put it back after the deletion, nor a full refresh drop a subscription created meanwhile.
     */
    private final Object changes = new Object();

    public Subscriptions(SubscriptionStore store, Outbox outbox, ContextResolver contexts, Clock clock) {
        this(store, outbox, contexts, clock, OutboundGuard.allowingAll());
    }

    /** @param guard which receivers notifications may go to */
    public Subscriptions(SubscriptionStore store, Outbox outbox, ContextResolver contexts, Clock clock, OutboundGuard guard) {
        this.guard = guard;
        this.store = store;
        this.outbox = outbox;
        this.contexts = contexts;
        this.clock = clock;
    }

    /** Reads every stored subscription into memory; one that no longer reads (say, a lost @context) is skipped and logged. */
    public void load() {
        synchronized (changes) {
            store.all().forEach(this::read);
        }
    }

    /**
     * Reads one subscription again as another node left it (created, updated or deleted there). Its delivery
     * figures here stay; an update resumes it, as it does on the node that took the update.
     */
    public void refresh(String tenant, String id) {
        synchronized (changes) {
            store.find(tenant, id).ifPresentOrElse(this::read, () -> forget(tenant, id));
        }
    }

    /** Reads every subscription again (after changes may have gone unheard); those gone from the store go here too. */
    public void refreshAll() {
        synchronized (changes) {
            List<SubscriptionStore.Stored> stored = store.all();
            java.util.Set<String> present = new java.util.HashSet<>();
            for (SubscriptionStore.Stored one : stored) {
                present.add(one.tenant() + " " + one.id());
                read(one);
            }
            byTenant.forEach((tenant, entries) -> {
                if (entries.keySet().removeIf(id -> !present.contains(tenant + " " + id))) {
                    changed(tenant);
                }
            });
        }
    }

    private void read(SubscriptionStore.Stored stored) {
        try {
            Subscription subscription = SubscriptionParser.parse(stored.tenant(), stored.payload(),
                    contexts.fromBody(stored.context()), stored.context(), stored.createdAt(), stored.modifiedAt(),
                    now(), false);
            Entry known = find(stored.tenant(), stored.id());
            if (known != null && known.subscription().modifiedAt().equals(subscription.modifiedAt())) {
                return;
            }
            DeliveryStatus status = known != null ? known.status() : DeliveryStatus.of(stored.status());
            if (known != null) {
                status.resume();
            }
            put(new Entry(subscription, stored.context(), status, stored.owner(),
                    contexts.fromBody(subscription.context())));
        } catch (RuntimeException e) {
            LOG.warn("Subscription {} of tenant '{}' could not be read and is not active: {}", stored.id(),
                    stored.tenant(), e.getMessage());
        }
    }

    public Subscription create(String tenant, ObjectNode payload, LdContext context, JsonNode contextReference,
                               Reader owner) {
        SubscriptionParser.requireKnownMembers(payload);
        Instant now = now();
        Subscription subscription = SubscriptionParser.parse(tenant, payload, context, contextReference, now, now, now, true);
        LdContext notificationContext = contexts.fromBody(subscription.context());
        requireReachable(subscription);
        synchronized (changes) {
            if (!store.insert(subscription, contextReference, owner)) {
                throw new NgsiLdException(ErrorType.ALREADY_EXISTS, "Subscription already exists: " + subscription.id());
            }
            put(new Entry(subscription, contextReference, new DeliveryStatus(tenant, subscription.id()), owner,
                    notificationContext));
        }
        return subscription;
    }

    public Entry get(String tenant, String id) {
        Entry entry = byTenant.getOrDefault(tenant, Map.of()).get(id);
        if (entry == null) {
            throw NgsiLdException.notFound("Subscription not found: " + id);
        }
        return entry;
    }

    /** Null when the subscription does not exist (any more). */
    public Entry find(String tenant, String id) {
        return byTenant.getOrDefault(tenant, Map.of()).get(id);
    }

    /** The tenant's subscriptions, oldest first. */
    public List<Entry> list(String tenant) {
        List<Entry> entries = new ArrayList<>(byTenant.getOrDefault(tenant, Map.of()).values());
        entries.sort(Comparator.comparing((Entry entry) -> entry.subscription().createdAt())
                .thenComparing(entry -> entry.subscription().id()));
        return entries;
    }

    /**
     * Updates with a fragment (clause 5.8.2): its members replace those of the subscription, the members
     * of its notification replace those of the notification; the result must be a valid subscription.
     */
    public void update(String tenant, String id, ObjectNode fragment, LdContext context, JsonNode contextReference) {
        synchronized (changes) {
            updateHeld(tenant, id, fragment, context, contextReference);
        }
    }

    private void updateHeld(String tenant, String id, ObjectNode fragment, LdContext context, JsonNode contextReference) {
        Entry existing = get(tenant, id);
        SubscriptionParser.requireKnownMembers(fragment);
        if (fragment.has(Members.ID) && !id.equals(fragment.get(Members.ID).asText())) {
            throw NgsiLdException.badData("The fragment's id differs from the subscription's: " + fragment.get(Members.ID));
        }
        ObjectNode merged = existing.subscription().payload().deepCopy();
        fragment.properties().forEach(member -> {
            if (member.getKey().equals("notification") && member.getValue().isObject()
                    && merged.get("notification") instanceof ObjectNode notification) {
                member.getValue().properties().forEach(inner -> notification.set(inner.getKey(), inner.getValue()));
            } else if (!member.getKey().equals(Members.CONTEXT)) {
                merged.set(member.getKey(), member.getValue());
            }
        });
        merged.put(Members.TYPE, "Subscription");
        // The fragment's own @context (member or Link) applies; without one, the subscription keeps its own.
        boolean ownContext = fragment.has(Members.CONTEXT) || !Objects.equals(contextReference, contexts.core().reference());
        JsonNode written = ownContext ? contextReference : existing.writtenContext();
        LdContext writtenContext = ownContext ? context : contexts.fromBody(written);
        Instant now = now();
        Subscription updated = SubscriptionParser.parse(tenant, merged, writtenContext, written,
                existing.subscription().createdAt(), now, now, fragment.has("expiresAt"));
        LdContext notificationContext = contexts.fromBody(updated.context());
        requireReachable(updated);
        store.update(updated, written);
        existing.status().resume();
        put(new Entry(updated, written, existing.status(), existing.owner(), notificationContext));
    }

    public void delete(String tenant, String id) {
        synchronized (changes) {
            if (!store.delete(tenant, id)) {
                throw NgsiLdException.notFound("Subscription not found: " + id);
            }
            forget(tenant, id);
        }
        outbox.removeSubscription(tenant, id);
    }

    private void requireReachable(Subscription subscription) {
        String refused = guard.refusal(subscription.notification().endpoint().uri());
        if (refused != null) {
            throw NgsiLdException.badData("notification.endpoint.uri may not be used: " + refused);
        }
    }

    /** The tenant's subscriptions. */
    Collection<Entry> of(String tenant) {
        return byTenant.getOrDefault(tenant, Map.of()).values();
    }

    /** The tenant's subscriptions that may select the entity, for matching its change against; no other can. */
    Collection<Entry> candidates(String tenant, be.belfort.model.Entity entity) {
        long version = versions.getOrDefault(tenant, 0L);
        SubscriptionIndex index = indexes.get(tenant);
        if (index == null || index.version() != version) {
            // Read after the version: a change made while this is built leaves a newer version, built again next time.
            index = SubscriptionIndex.of(new ArrayList<>(of(tenant)), version);
            indexes.put(tenant, index);
        }
        return index.candidates(entity);
    }

    private void changed(String tenant) {
        versions.merge(tenant, 1L, Long::sum);
    }

    boolean any(String tenant) {
        Map<String, Entry> entries = byTenant.get(tenant);
        return entries != null && !entries.isEmpty();
    }

    Collection<Entry> all() {
        return byTenant.values().stream().flatMap(entries -> entries.values().stream()).toList();
    }

    /** Saves the delivery figures that changed since the last save. */
    public void saveStatus() {
        List<DeliveryStatus.Snapshot> changed = new ArrayList<>();
        for (Entry entry : all()) {
            DeliveryStatus.Snapshot snapshot = entry.status().takeIfChanged();
            if (snapshot != null) {
                changed.add(snapshot);
            }
        }
        if (!changed.isEmpty()) {
            store.saveStatus(changed);
        }
    }

    /** The subscription as the API shows it: as written, with its status and delivery figures. */
    public ObjectNode render(Entry entry) {
        Subscription subscription = entry.subscription();
        ObjectNode out = subscription.payload().deepCopy();
        DeliveryStatus.Snapshot status = entry.status().snapshot();
        String state = subscription.status(now());
        out.put("status", status.stoppedBecause() != null && state.equals("active") ? "failed" : state);
        if (out.get("notification") instanceof ObjectNode notification) {
            notification.put("timesSent", status.timesSent());
            notification.put("timesFailed", status.timesFailed());
            putTime(notification, "lastNotification", status.lastNotification());
            putTime(notification, "lastSuccess", status.lastSuccess());
            putTime(notification, "lastFailure", status.lastFailure());
            if (status.lastNotification() != null || status.failing()) {
                notification.put("status", status.failing() ? "failed" : "ok");
            }
            if (status.stoppedBecause() != null) {
                notification.put("lastFailureReason", status.stoppedBecause());
            }
            if (status.dropped() > 0) {
                notification.put("droppedNotifications", status.dropped());
            }
        }
        return out;
    }

    /** The @context a subscription is shown with: the one it was written with. */
    public LdContext contextOf(Entry entry) {
        return contexts.fromBody(entry.writtenContext());
    }


    private static void putTime(ObjectNode node, String member, Instant time) {
        if (time != null) {
            node.put(member, time.toString());
        }
    }

    private void forget(String tenant, String id) {
        Map<String, Entry> entries = byTenant.get(tenant);
        // only a subscription that was here changes the tenant's index (a deletion heard back from the change feed
        // after it was forgotten here would otherwise rebuild the index at the next write)
        if (entries != null && entries.remove(id) != null) {
            changed(tenant);
        }
    }

    private void put(Entry entry) {
        byTenant.computeIfAbsent(entry.subscription().tenant(), tenant -> new ConcurrentHashMap<>())
                .put(entry.subscription().id(), entry);
        changed(entry.subscription().tenant());
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
