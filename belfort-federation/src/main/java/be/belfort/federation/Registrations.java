package be.belfort.federation;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The registered context sources of every tenant: stored, and held in memory so that every read can ask in
 * nanoseconds whether a source concerns it. Writes are serialised; reads see an immutable list per tenant.
 */
public final class Registrations {
    private static final Logger LOG = LoggerFactory.getLogger(Registrations.class);

    private final DocumentStore store;
    private final RegistrationParser parser = new RegistrationParser();
    private final Clock clock;
    private final Map<String, List<Registration>> byTenant = new ConcurrentHashMap<>();
    private final Tally figures;
    private final Map<String, BackOff> backOffs = new ConcurrentHashMap<>();
    private volatile java.util.function.BiConsumer<Registration, Registration> listener = (before, after) -> { };

    public Registrations(DocumentStore store, FigureStore figures, Clock clock) {
        this.store = store;
        this.figures = new Tally(figures, FigureStore.Kind.REGISTRATION);
        this.clock = clock;
    }

    /** Told of every change after it is stored: (null, new), (before, after) or (removed, null). */
    public void listen(java.util.function.BiConsumer<Registration, Registration> changes) {
        this.listener = changes;
    }

    /** Reads every stored registration into memory; one that no longer parses is logged and left out. */
    public synchronized void load() {
        Map<String, List<Registration>> all = new java.util.HashMap<>();
        for (DocumentStore.Stored stored : store.loadAll()) {
            Registration registration = restore(stored);
            if (registration != null) {
                all.computeIfAbsent(registration.tenant(), tenant -> new ArrayList<>()).add(registration);
            }
        }
        byTenant.keySet().retainAll(all.keySet());
        all.forEach((tenant, registrations) -> byTenant.put(tenant, List.copyOf(registrations)));
    }

    /**
     * Reads one registration anew after another node created, changed or deleted it (subscribers were told by
     * that node).
     */
    public synchronized void refresh(String tenant, String id) {
        Optional<DocumentStore.Stored> stored = store.load(tenant, id);
        Registration registration = stored.map(this::restore).orElse(null);
        if (registration == null) {
            remove(tenant, id);
        } else {
            put(registration);
        }
    }

    private Registration restore(DocumentStore.Stored stored) {
        try {
            return parser.restore(stored.tenant(), stored.document());
        } catch (RuntimeException e) {
            LOG.warn("Registration {} in tenant '{}' is left out: {}", stored.document().path("id").asText(),
                    stored.tenant(), e.getMessage());
            return null;
        }
    }

    public synchronized Registration create(String tenant, ObjectNode body, UnaryOperator<String> expand) {
        Instant now = clock.instant();
        Registration registration = parser.parse(tenant, body, expand, now, now);
        if (find(tenant, registration.id()).isPresent()) {
            throw alreadyExists(registration.id());
        }
        refuseConflicts(registration);
        if (!store.insert(tenant, registration.id(), registration.document(), registration.expiresAt())) {
            throw alreadyExists(registration.id());
        }
        put(registration);
        listener.accept(null, registration);
        return registration;
    }

    public Registration get(String tenant, String id) {
        return find(tenant, id).orElseThrow(() -> NgsiLdException.notFound("No context source registration " + id));
    }

    public synchronized Registration update(String tenant, String id, ObjectNode fragment,
                                            UnaryOperator<String> expand) {
        Registration current = get(tenant, id);
        Registration updated = parser.update(current, fragment, expand, clock.instant());
        refuseConflicts(updated);
        store.update(tenant, id, updated.document(), updated.expiresAt());
        put(updated);
        listener.accept(current, updated);
        return updated;
    }

    public synchronized void delete(String tenant, String id) {
        Registration removed = get(tenant, id);
        store.delete(tenant, id);
        remove(tenant, id);
        figures.forget(tenant, id);
        listener.accept(removed, null);
    }

    /** The tenant's registrations that the query asks for, in the order they were registered. */
    public List<Registration> query(String tenant, RegistrationQuery query) {
        MemberFilter q = query.q() == null ? null : MemberFilter.parse("q", query.q());
        MemberFilter csf = query.csf() == null ? null : MemberFilter.parse("csf", query.csf());
        Instant now = clock.instant();
        return active(tenant, now).stream().filter(registration -> query.matches(registration, q, csf)).toList();
    }

    /** The tenant's registrations in force now; the same empty list when it has none. */
    List<Registration> active(String tenant, Instant now) {
        List<Registration> all = byTenant.get(tenant);
        if (all == null) {
            return List.of();
        }
        return all.stream().filter(registration -> registration.isActive(now)).toList();
    }

    /** The tenants that have a registration in force now, sorted. */
    java.util.SortedSet<String> tenants(Instant now) {
        java.util.SortedSet<String> tenants = new java.util.TreeSet<>();
        byTenant.forEach((tenant, all) -> {
            if (all.stream().anyMatch(registration -> registration.isActive(now))) {
                tenants.add(tenant);
            }
        });
        return tenants;
    }

    /** Whether the tenant has any registration at all: the check every read makes first. */
    boolean any(String tenant) {
        List<Registration> all = byTenant.get(tenant);
        return all != null && !all.isEmpty();
    }

    /** The source answered. */
    void succeeded(Registration source, Instant at) {
        backOff(source).succeeded();
        figures.count(source.tenant(), source.id(), true, at);
    }

    /** The source failed, was too slow or answered garbage. */
    void failed(Registration source, Instant at) {
        backOff(source).failed(at);
        figures.count(source.tenant(), source.id(), false, at);
    }

    /** Until when this node leaves the source out after it failed repeatedly, or null when it is asked. */
    Instant backedOffUntil(Registration source, Instant now) {
        BackOff backOff = backOffs.get(key(source.tenant(), source.id()));
        return backOff == null ? null : backOff.until(now);
    }

    private BackOff backOff(Registration source) {
        return backOffs.computeIfAbsent(key(source.tenant(), source.id()), key -> new BackOff());
    }

    /** How the tenant's sources have answered, every node's requests included, by registration id. */
    public Map<String, Figures> figures(String tenant) {
        return figures.of(tenant);
    }

    /** Stores what this node counted since it last did, for other nodes and the next start. */
    public void saveFigures() {
        figures.flush();
    }

    /** Removes the registrations whose expiresAt has passed (clause 5.2.9); returns how many. */
    public synchronized int removeExpired() {
        Instant now = clock.instant();
        int removed = 0;
        for (List<Registration> registrations : List.copyOf(byTenant.values())) {
            for (Registration registration : registrations) {
                if (!registration.isActive(now)) {
                    store.delete(registration.tenant(), registration.id());
                    remove(registration.tenant(), registration.id());
                    figures.forget(registration.tenant(), registration.id());
                    listener.accept(registration, null);
                    removed++;
                }
            }
        }
        return removed;
    }

    private Optional<Registration> find(String tenant, String id) {
        return byTenant.getOrDefault(tenant, List.of()).stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /**
     * Exclusive and redirect registrations claim information for one source: another exclusive or redirect
     * registration may not claim the same attribute of the same entity (clause 4.3.6.3).
     */
    private void refuseConflicts(Registration candidate) {
        if (candidate.mode() != Mode.EXCLUSIVE && candidate.mode() != Mode.REDIRECT) {
            return;
        }
        for (Registration other : byTenant.getOrDefault(candidate.tenant(), List.of())) {
            if (other.id().equals(candidate.id())
                    || other.mode() != Mode.EXCLUSIVE && other.mode() != Mode.REDIRECT
                    || candidate.mode() == Mode.REDIRECT && other.mode() == Mode.REDIRECT) {
                continue;
            }
            if (overlaps(candidate, other)) {
                throw new NgsiLdException(ErrorType.ALREADY_EXISTS, "Registration " + other.id() + " already claims"
                        + " some of these attributes of these entities " + other.mode().term() + "ly; a "
                        + candidate.mode().term() + " registration may not claim them too");
            }
        }
    }

    private static boolean overlaps(Registration a, Registration b) {
        for (RegistrationInfo left : a.information()) {
            for (RegistrationInfo right : b.information()) {
                boolean sameAttribute = left.attributeNames().isEmpty() || right.attributeNames().isEmpty()
                        || left.attributeNames().stream().anyMatch(right.attributeNames()::contains);
                if (sameAttribute && sameEntities(left, right)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameEntities(RegistrationInfo left, RegistrationInfo right) {
        if (left.entities().isEmpty() || right.entities().isEmpty()) {
            return true;
        }
        for (EntityInfo l : left.entities()) {
            for (EntityInfo r : right.entities()) {
                boolean sameType = l.types().stream().anyMatch(r.types()::contains);
                boolean sameId = l.id() == null || r.id() == null || l.id().equals(r.id());
                if (sameType && sameId) {
                    return true;
                }
            }
        }
        return false;
    }

    private void put(Registration registration) {
        byTenant.compute(registration.tenant(), (tenant, current) -> {
            List<Registration> next = new ArrayList<>(current == null ? List.of() : current);
            int at = next.stream().map(Registration::id).toList().indexOf(registration.id());
            if (at >= 0) {
                next.set(at, registration);
            } else {
                next.add(registration);
            }
            return List.copyOf(next);
        });
    }

    private void remove(String tenant, String id) {
        byTenant.computeIfPresent(tenant, (key, current) -> {
            List<Registration> next = current.stream().filter(r -> !r.id().equals(id)).toList();
            return next.isEmpty() ? null : next;
        });
        backOffs.remove(key(tenant, id));
    }

    private static String key(String tenant, String id) {
        return tenant + '\u0000' + id;
    }

    private static NgsiLdException alreadyExists(String id) {
        return new NgsiLdException(ErrorType.ALREADY_EXISTS, "A context source registration " + id + " exists already");
    }
}
