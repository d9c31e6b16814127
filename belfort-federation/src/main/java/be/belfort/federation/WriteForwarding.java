package be.belfort.federation;

import be.belfort.model.ErrorType;
import be.belfort.model.Members;
import be.belfort.model.NgsiLdException;
import be.belfort.query.DistributedReads.Forward;
import be.belfort.query.DistributedWrites;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Forwards writes to the registered sources that take them (clause 4.3.6.3): an {@code exclusive} source gets the
 * attributes it registered, which are then not written here; a {@code redirect} source gets what it registered (the
 * whole write when it names no attribute), not written here either; an {@code inclusive} source gets the whole
 * write, which is written here too; {@code auxiliary} sources get none. The local write comes first (its errors are
 * the client's), then the sources are sent theirs in parallel, each within the source timeout.
 */
final class WriteForwarding implements DistributedWrites, AutoCloseable {
    private final Registrations registrations;
    private final Federation federation;
    private final FederationSettings settings;
    private final ObjectMapper json;
    private final Clock clock;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    WriteForwarding(Registrations registrations, Federation federation, FederationSettings settings, ObjectMapper json,
                    Clock clock) {
        this.registrations = registrations;
        this.federation = federation;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public boolean concerns(String tenant, Operation operation, String entityId, List<String> types) {
        return registrations.any(tenant) && !targets(tenant, operation, entityId, types).isEmpty();
    }

    /** A source that takes the write, and the attributes (IRIs) it takes; empty: the whole write. */
    private record Target(Registration source, Set<String> attributes) {
        boolean takesAll() {
            return attributes.isEmpty();
        }
    }

    private List<Target> targets(String tenant, Operation operation, String entityId, List<String> types) {
        List<Target> targets = new ArrayList<>();
        for (Registration registration : registrations.active(tenant, clock.instant())) {
            if (registration.mode() == Mode.AUXILIARY || !registration.serves(operation.operationName())) {
                continue;
            }
            Set<String> attributes = new LinkedHashSet<>();
            boolean matches = false;
            boolean all = false;
            for (RegistrationInfo info : registration.information()) {
                boolean holds = info.entities().isEmpty()
                        || info.entities().stream().anyMatch(entity -> holds(entity, entityId, types));
                if (holds) {
                    matches = true;
                    all |= info.attributeNames().isEmpty();
                    attributes.addAll(info.attributeNames());
                }
            }
            if (matches) {
                targets.add(new Target(registration, all ? Set.of() : attributes));
            }
        }
        return targets;
    }

    /** Whether the entity may be among those registered: by id or pattern, and by type when its types are known. */
    private static boolean holds(EntityInfo entity, String entityId, List<String> types) {
        return (types.isEmpty() || entity.types().isEmpty() || entity.hasAnyType(types)) && entity.mayHold(entityId);
    }

    @Override
    public Outcome write(Forward forward, Operation operation, String entityId, List<String> types, ObjectNode body,
                         UnaryOperator<String> expand, Consumer<ObjectNode> local) {
        List<Target> targets = targets(forward.tenant(), operation, entityId, types);
        ObjectNode kept = body == null ? null : body.deepCopy();
        boolean keptAll = true;
        Map<Target, ObjectNode> sent = new LinkedHashMap<>();
        for (Target target : targets) {
            Mode mode = target.source().mode();
            boolean alone = mode == Mode.EXCLUSIVE || mode == Mode.REDIRECT;
            if (body == null) {
                sent.put(target, null);
                keptAll &= !(alone && target.takesAll());
                continue;
            }
            ObjectNode part = part(body, target, expand);
            if (part == null) {
                continue;
            }
            sent.put(target, part);
            if (alone) {
                if (target.takesAll()) {
                    keptAll = false;
                } else {
                    List<String> claimed = new ArrayList<>();
                    kept.fieldNames().forEachRemaining(name -> {
                        if (!isEntityMember(name) && target.attributes().contains(expand.apply(name))) {
                            claimed.add(name);
                        }
                    });
                    kept.remove(claimed);
                }
            }
        }
        NgsiLdException localFailure = null;
        if (keptAll && (kept == null || hasAttributes(kept) || operation == Operation.CREATE
                || sent.isEmpty())) {
            try {
                local.accept(kept);
            } catch (NgsiLdException e) {
                // Not found here is no error when a source holds the entity; any other error is the client's at once.
                if (e.type() != ErrorType.RESOURCE_NOT_FOUND || sent.isEmpty()) {
                    throw e;
                }
                localFailure = e;
            }
        }
        Outcome outcome = send(forward, operation, entityId, sent);
        if (localFailure != null && outcome.written().isEmpty()) {
            throw localFailure;
        }
        return outcome;
    }

    /** What of the payload goes to the target: the claimed attributes (with id and type), or all; null for nothing. */
    private static ObjectNode part(ObjectNode body, Target target, UnaryOperator<String> expand) {
        if (target.takesAll()) {
            return body.deepCopy();
        }
        ObjectNode part = body.objectNode();
        boolean any = false;
        for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> member : body.properties()) {
            String name = member.getKey();
            if (isEntityMember(name)) {
                if (!name.equals(Members.SCOPE)) {
                    part.set(name, member.getValue());
                }
            } else if (target.attributes().contains(expand.apply(name))) {
                part.set(name, member.getValue());
                any = true;
            }
        }
        return any ? part : null;
    }

    private static boolean hasAttributes(ObjectNode payload) {
        for (String name : (Iterable<String>) payload::fieldNames) {
            if (!isEntityMember(name)) {
                return true;
            }
        }
        return false;
    }

    /** The members of an entity that are no attribute: never claimed by a registration. */
    private static boolean isEntityMember(String name) {
        return name.equals(Members.ID) || name.equals(Members.TYPE) || name.equals(Members.SCOPE)
                || name.startsWith("@");
    }

    private Outcome send(Forward forward, Operation operation, String entityId, Map<Target, ObjectNode> sent) {
        Map<Target, Future<String>> futures = new LinkedHashMap<>();
        sent.forEach((target, part) -> futures.put(target, threads.submit(() -> sendOne(forward, operation, entityId,
                target.source(), part))));
        long deadline = System.nanoTime() + settings.sourceTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(250);
        List<String> written = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        for (Map.Entry<Target, Future<String>> entry : futures.entrySet()) {
            Registration source = entry.getKey().source();
            String reason;
            try {
                reason = entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                entry.getValue().cancel(true);
                reason = "did not answer within " + settings.sourceTimeout().toMillis() + " ms";
            } catch (ExecutionException e) {
                reason = "failed: " + e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reason = "was not waited for: the request was interrupted";
            }
            if (reason == null || reason.equals(ABSENT)) {
                registrations.succeeded(source, clock.instant());
                if (reason == null) {
                    written.add(source.id());
                }
            } else {
                registrations.failed(source, clock.instant());
                failed.add(new Failure(source.id(), List.copyOf(entry.getKey().attributes()),
                        "Context source " + source.endpoint() + " " + reason));
            }
        }
        return new Outcome(written, failed);
    }

    /** What a source that does not have the entity answers: no failure, and nothing written there. */
    private static final String ABSENT = "does not hold the entity";

    /** Sends one source its part; null when it took it, {@link #ABSENT}, or why not. */
    private String sendOne(Forward forward, Operation operation, String entityId, Registration source, ObjectNode part)
            throws InterruptedException {
        Map<String, String> headers = federation.headers(source, forward);
        byte[] body = null;
        if (part != null) {
            part.remove("@context");
            try {
                body = json.writeValueAsBytes(part);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            ContextSourceClient.Answer answer = federation.client().send(operation.method(),
                    Federation.uri(source, operation.path(entityId), Map.of()), headers, body);
            if (answer.status() == 404 && operation != Operation.CREATE) {
                return ABSENT;
            }
            return answer.status() / 100 == 2 && answer.status() != 207 ? null : "answered HTTP " + answer.status();
        } catch (ContextSourceClient.SourceFailure failure) {
            return failure.getMessage();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
