package be.belfort.federation;

import be.belfort.model.ErrorType;
import be.belfort.model.Members;
import be.belfort.model.NgsiLdException;
import be.belfort.query.DistributedReads.Forward;
import be.belfort.query.DistributedWrites;
import com.fasterxml.jackson.core.JsonProcessingException;
import be.belfort.federation.WriteSplit.Target;
import be.belfort.model.BatchResult;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Forwards writes to the registered sources that take them, each the part its mode gives it (see {@link WriteSplit}).
 * The local write comes first (its errors are the client's), then the sources are sent theirs in parallel, each
 * within the source timeout. Batches go to {@link BatchForwarding}.
 */
final class WriteForwarding implements DistributedWrites, AutoCloseable {
    private final Registrations registrations;
    private final Federation federation;
    private final FederationSettings settings;
    private final ObjectMapper json;
    private final Clock clock;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final WriteSplit split;
    private final BatchForwarding batches;

    WriteForwarding(Registrations registrations, Federation federation, FederationSettings settings, ObjectMapper json,
                    Clock clock) {
        this.split = new WriteSplit(registrations, clock);
        this.batches = new BatchForwarding(split, registrations, federation, settings, json, clock, threads);
        this.registrations = registrations;
        this.federation = federation;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public boolean concerns(String tenant, Operation operation, String entityId, List<String> types) {
        return registrations.any(tenant) && !split.targets(tenant, operation.operationName(), entityId, types).isEmpty();
    }

    @Override
    public boolean concerns(String tenant, BatchOperation operation) {
        return split.anyTakes(tenant, operation.operationName());
    }

    @Override
    public BatchResult batch(Forward forward, BatchOperation operation, List<BatchElement> elements,
                             Function<String, List<String>> localTypes, Function<List<JsonNode>, BatchResult> local) {
        return batches.batch(forward, operation, elements, localTypes, local);
    }

    @Override
    public Outcome write(Forward forward, Operation operation, String entityId, List<String> types, ObjectNode body,
                         UnaryOperator<String> expand, Consumer<ObjectNode> local) {
        WriteSplit.Split parts = WriteSplit.split(split.targets(forward.tenant(), operation.operationName(), entityId,
                types), body, expand);
        NgsiLdException localFailure = null;
        if (parts.writesHere(operation.creates())) {
            try {
                local.accept(parts.kept());
            } catch (NgsiLdException e) {
                // Not found here is no error when a source holds the entity; any other error is the client's at once.
                if (e.type() != ErrorType.RESOURCE_NOT_FOUND || parts.sent().isEmpty()) {
                    throw e;
                }
                localFailure = e;
            }
        }
        Outcome outcome = send(forward, operation, entityId, parts.sent());
        if (localFailure != null && outcome.written().isEmpty()) {
            throw localFailure;
        }
        return outcome;
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
        JsonNode context = part == null ? null : part.remove("@context");
        String attribute = null;
        if (operation.namesAttribute()) {
            // The payload is {"name": fragment}: the name goes in the path, the fragment (none for a delete) is sent.
            attribute = part.fieldNames().next();
            part = operation.deletesAttribute() ? null : (ObjectNode) part.get(attribute).deepCopy();
        }
        byte[] body = null;
        if (part != null) {
            if (context != null) {
                // The client sent JSON-LD: its own @context goes with it, so that the source expands the same IRIs.
                part.set("@context", context);
                headers.remove("Link");
                headers.put("Content-Type", "application/ld+json");
            }
            try {
                body = json.writeValueAsBytes(part);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            ContextSourceClient.Answer answer = federation.client().send(operation.method(),
                    Federation.uri(source, operation.path(entityId, attribute), deleteParameters(operation, forward)),
                    headers, body);
            if (answer.status() == 404 && !operation.creates()) {
                return ABSENT;
            }
            return answer.status() / 100 == 2 && answer.status() != 207 ? null : "answered HTTP " + answer.status();
        } catch (ContextSourceClient.SourceFailure failure) {
            return failure.getMessage();
        }
    }

    /** The client's datasetId and deleteAll, which an attribute delete passes on. */
    private static Map<String, List<String>> deleteParameters(Operation operation, Forward forward) {
        if (!operation.deletesAttribute()) {
            return Map.of();
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>(forward.parameters());
        parameters.keySet().retainAll(Set.of("datasetId", "deleteAll"));
        return parameters;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
