package be.belfort.federation;

import be.belfort.federation.WriteSplit.Target;
import be.belfort.model.BatchResult;
import be.belfort.model.ErrorType;
import be.belfort.model.Members;
import be.belfort.model.NgsiLdException;
import be.belfort.query.DistributedReads.Forward;
import be.belfort.query.DistributedWrites.BatchElement;
import be.belfort.query.DistributedWrites.BatchOperation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Distributed batch operations (clauses 5.6.7 - 5.6.10, 5.6.20 with 4.3.6.3): each element is split between the
 * sources and the local store as a single write of that entity would be ({@link WriteSplit}); every source then gets
 * ONE batch of the parts it takes, the local store the rest. The results are joined into one BatchOperationResult:
 * an entity succeeds when every place that was to write it did; a source that fails, is slow or answers garbage
 * makes an error of each entity it was to write, naming its registration, and a source's own per-entity errors
 * (a 207) are passed on as they are.
 */
final class BatchForwarding {
    private final WriteSplit split;
    private final Registrations registrations;
    private final Federation federation;
    private final FederationSettings settings;
    private final ObjectMapper json;
    private final Clock clock;
    private final ExecutorService threads;

    BatchForwarding(WriteSplit split, Registrations registrations, Federation federation, FederationSettings settings,
                    ObjectMapper json, Clock clock, ExecutorService threads) {
        this.split = split;
        this.registrations = registrations;
        this.federation = federation;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.threads = threads;
    }

    /** How one source's batch went: the entities it wrote, created, and failed (with the error). */
    private record SourceResult(Set<String> written, Set<String> created, Map<String, NgsiLdException> failed) {
    }

    BatchResult batch(Forward forward, BatchOperation operation, List<BatchElement> elements,
                      Function<String, List<String>> localTypes, Function<List<JsonNode>, BatchResult> local) {
        boolean delete = operation == BatchOperation.DELETE;
        List<JsonNode> here = new ArrayList<>();
        Map<Registration, ArrayNode> batches = new LinkedHashMap<>();
        Map<Registration, List<String>> batchIds = new LinkedHashMap<>();
        for (BatchElement element : elements) {
            String id = element.entityId();
            if (id.isEmpty() || !delete && !(element.element() instanceof ObjectNode)) {
                here.add(element.element()); // not an entity: the local write says why
                continue;
            }
            List<String> types = delete ? List.of() : types(element);
            List<Target> targets = split.targets(forward.tenant(), operation.operationName(), id,
                    types.isEmpty() ? localTypes.apply(id) : types);
            WriteSplit.Split parts = WriteSplit.split(targets, delete ? null : (ObjectNode) element.element(),
                    element.expand());
            parts.sent().forEach((target, part) -> {
                batches.computeIfAbsent(target.source(), source -> json.createArrayNode())
                        .add(part == null ? element.element() : part);
                batchIds.computeIfAbsent(target.source(), source -> new ArrayList<>()).add(id);
            });
            if (parts.writesHere(operation.creates())) {
                here.add(delete ? element.element() : parts.kept());
            }
        }
        BatchResult localResult = here.isEmpty() ? new BatchResult() : local.apply(here);
        Map<Registration, SourceResult> sourceResults = send(forward, operation, batches, batchIds);
        return joined(elements, localResult, sourceResults, operation);
    }

    /** The element's types, expanded; empty when it names none. */
    private static List<String> types(BatchElement element) {
        JsonNode type = element.element().path(Members.TYPE);
        List<String> types = new ArrayList<>();
        for (JsonNode one : type.isArray() ? type : List.of(type)) {
            if (one.isTextual()) {
                types.add(element.expand().apply(one.asText()));
            }
        }
        return types;
    }

    private Map<Registration, SourceResult> send(Forward forward, BatchOperation operation,
                                                 Map<Registration, ArrayNode> batches,
                                                 Map<Registration, List<String>> batchIds) {
        Map<Registration, Future<SourceResult>> futures = new LinkedHashMap<>();
        batches.forEach((source, batch) -> futures.put(source, threads.submit(() ->
                sendOne(forward, operation, source, batch, batchIds.get(source)))));
        long deadline = System.nanoTime() + settings.sourceTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(250);
        Map<Registration, SourceResult> results = new LinkedHashMap<>();
        for (Map.Entry<Registration, Future<SourceResult>> entry : futures.entrySet()) {
            Registration source = entry.getKey();
            SourceResult result;
            try {
                result = entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                entry.getValue().cancel(true);
                result = failedAll(source, batchIds.get(source), "did not answer within "
                        + settings.sourceTimeout().toMillis() + " ms");
            } catch (ExecutionException e) {
                result = failedAll(source, batchIds.get(source), "failed: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result = failedAll(source, batchIds.get(source), "was not waited for: the request was interrupted");
            }
            if (result.written().isEmpty() && !result.failed().isEmpty()
                    && result.failed().values().stream().allMatch(error -> error.type() == ErrorType.INTERNAL_ERROR)) {
                registrations.failed(source, clock.instant());
            } else {
                registrations.succeeded(source, clock.instant());
            }
            results.put(source, result);
        }
        return results;
    }

    private SourceResult sendOne(Forward forward, BatchOperation operation, Registration source, ArrayNode batch,
                                 List<String> ids) throws InterruptedException {
        Map<String, String> headers = federation.headers(source, forward);
        if (batch.valueStream().anyMatch(element -> element.has("@context"))) {
            // A JSON-LD batch: each element says its own @context, as the client sent it.
            headers.remove("Link");
            headers.put("Content-Type", "application/ld+json");
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>(forward.parameters());
        parameters.keySet().retainAll(Set.of("options"));
        ContextSourceClient.Answer answer;
        try {
            answer = federation.client().send("POST", Federation.uri(source, operation.path(), parameters), headers,
                    json.writeValueAsBytes(batch));
        } catch (ContextSourceClient.SourceFailure failure) {
            return failedAll(source, ids, failure.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Set<String> sent = new LinkedHashSet<>(ids);
        return switch (answer.status()) {
            case 200, 204 -> new SourceResult(sent, Set.of(), Map.of());
            case 201 -> new SourceResult(sent, operation == BatchOperation.CREATE ? sent : created(answer), Map.of());
            case 207 -> partly(source, sent, answer, operation);
            default -> failedAll(source, ids, "answered HTTP " + answer.status());
        };
    }

    /** The ids a source's 201 lists as created. */
    private Set<String> created(ContextSourceClient.Answer answer) {
        Set<String> created = new HashSet<>();
        try {
            JsonNode body = json.readTree(answer.body());
            if (body != null && body.isArray()) {
                body.forEach(id -> created.add(id.asText()));
            }
        } catch (IOException e) {
            // The entities are written all the same; which of them are new is unknown.
        }
        return created;
    }

    /**
     * A source's BatchOperationResult: its errors are those entities' errors, with the source's own problem type and
     * detail; an entity it does not have is no error where the region or another source may.
     */
    private SourceResult partly(Registration source, Set<String> sent, ContextSourceClient.Answer answer,
                                BatchOperation operation) {
        JsonNode body;
        try {
            body = json.readTree(answer.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.path("errors").isArray()) {
            return failedAll(source, List.copyOf(sent), "answered HTTP 207 without a BatchOperationResult");
        }
        Set<String> written = new LinkedHashSet<>(sent);
        Map<String, NgsiLdException> failed = new LinkedHashMap<>();
        for (JsonNode error : body.get("errors")) {
            String id = error.path("entityId").asText("");
            written.remove(id);
            ErrorType type = typeOf(error.path("error").path("type").asText(""));
            if (type == ErrorType.RESOURCE_NOT_FOUND && !operation.creates()) {
                continue;
            }
            String detail = error.path("error").path("detail").asText(error.path("error").path("title").asText(""));
            failed.put(id, new NgsiLdException(type, "Context source " + source.endpoint() + ": " + detail));
        }
        return new SourceResult(written, Set.of(), failed);
    }

    private static ErrorType typeOf(String uri) {
        for (ErrorType type : ErrorType.values()) {
            if (type.uri().equals(uri) || type.shortName().equals(uri)) {
                return type;
            }
        }
        return ErrorType.BAD_REQUEST_DATA;
    }

    /** Every entity of the batch failed at the source, for a reason that is the source's, not the entity's. */
    private static SourceResult failedAll(Registration source, List<String> ids, String reason) {
        Map<String, NgsiLdException> failed = new LinkedHashMap<>();
        for (String id : ids) {
            failed.put(id, new NgsiLdException(ErrorType.INTERNAL_ERROR, "Context source " + source.endpoint() + " "
                    + reason));
        }
        return new SourceResult(Set.of(), Set.of(), failed);
    }

    /** The local result and the sources' joined, entity by entity, in the order of the batch. */
    private static BatchResult joined(List<BatchElement> elements, BatchResult local,
                                      Map<Registration, SourceResult> sources, BatchOperation operation) {
        Map<String, List<NgsiLdException>> localErrors = new HashMap<>();
        local.errors().forEach(error -> localErrors.computeIfAbsent(error.entityId(), id -> new ArrayList<>())
                .add(error.error()));
        Set<String> localSuccess = new HashSet<>(local.success());
        Set<String> localCreated = new HashSet<>(local.created());
        BatchResult result = new BatchResult();
        Set<String> done = new HashSet<>();
        for (BatchElement element : elements) {
            String id = element.entityId();
            if (!done.add(id)) {
                continue;
            }
            boolean writtenAtSource = false;
            boolean createdAtSource = false;
            Map<String, NgsiLdException> failures = new LinkedHashMap<>();
            for (Map.Entry<Registration, SourceResult> source : sources.entrySet()) {
                writtenAtSource |= source.getValue().written().contains(id);
                createdAtSource |= source.getValue().created().contains(id);
                NgsiLdException failure = source.getValue().failed().get(id);
                if (failure != null) {
                    failures.put(source.getKey().id(), failure);
                }
            }
            List<NgsiLdException> errorsHere = localErrors.getOrDefault(id, List.of());
            // Not found here is no error when a source wrote the entity.
            boolean failedHere = false;
            for (NgsiLdException error : errorsHere) {
                failedHere |= !(writtenAtSource && (error.type() == ErrorType.RESOURCE_NOT_FOUND
                        || error.type() == ErrorType.NONEXISTENT_TENANT));
            }
            if (failedHere) {
                errorsHere.forEach(error -> result.failed(id, error));
            }
            failures.forEach((registrationId, error) -> result.failedAt(id, error, registrationId));
            if (failedHere || !failures.isEmpty()) {
                continue;
            }
            if (localSuccess.contains(id) || writtenAtSource) {
                result.succeeded(id, localCreated.contains(id) || createdAtSource);
            } else if (!operation.creates()) {
                result.failed(id, NgsiLdException.notFound("Entity not found: " + id));
            }
        }
        return result;
    }
}
