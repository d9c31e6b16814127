package be.belfort.api.entities;

import static be.belfort.api.ApiServer.BASE;

import be.belfort.api.Problems;
import be.belfort.api.RepresentationParams;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.jsonld.EntityReader;
import be.belfort.jsonld.LdContext;
import be.belfort.model.BatchItem;
import be.belfort.model.BatchResult;
import be.belfort.model.EntityService;
import be.belfort.model.Members;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.query.DistributedReads;
import be.belfort.query.DistributedWrites;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import be.belfort.jsonld.LdContext;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Batch entity operations (clause 6.14 - 6.17, 6.31): per-entity outcomes in a BatchOperationResult. */
public final class BatchRoutes implements RouteGroup {
    private final EntityService service;
    private final RequestReader in;
    private final ResponseWriter out;
    private final Problems problems;
    private final ObjectMapper json;
    private final int maxBatchSize;
    private final EntityReader reader = new EntityReader();
    private DistributedReads reads = DistributedReads.LOCAL;
    private DistributedWrites writes = DistributedWrites.LOCAL;

    /** Forwards the batches that registered context sources take (see {@link DistributedWrites#batch}). */
    public BatchRoutes distributed(DistributedReads reads, DistributedWrites writes) {
        this.reads = reads;
        this.writes = writes;
        return this;
    }

    public BatchRoutes(EntityService service, RequestReader in, ResponseWriter out, Problems problems,
                       ObjectMapper json, int maxBatchSize) {
        this.service = service;
        this.in = in;
        this.out = out;
        this.problems = problems;
        this.json = json;
        this.maxBatchSize = maxBatchSize;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        String operations = BASE + "/entityOperations";
        app.post(operations + "/create", ctx -> {
            BatchResult result = run(ctx, DistributedWrites.BatchOperation.CREATE,
                    (tenant, items) -> service.batchCreate(tenant, items));
            writeCreated(ctx, result, result.errors().isEmpty());
        });
        app.post(operations + "/upsert", ctx -> {
            boolean update = options(ctx).contains("update");
            BatchResult result = run(ctx, DistributedWrites.BatchOperation.UPSERT,
                    (tenant, items) -> service.batchUpsert(tenant, items, !update));
            writeCreated(ctx, result, !result.created().isEmpty());
        });
        app.post(operations + "/update", ctx -> {
            boolean noOverwrite = options(ctx).contains("noOverwrite");
            BatchResult result = run(ctx, DistributedWrites.BatchOperation.UPDATE,
                    (tenant, items) -> service.batchUpdate(tenant, items, noOverwrite));
            writeNoContent(ctx, result, namesAsSent(ctx));
        });
        app.post(operations + "/merge", ctx ->
                writeNoContent(ctx, run(ctx, DistributedWrites.BatchOperation.MERGE,
                        (tenant, items) -> service.batchMerge(tenant, items))));
        app.post(operations + "/delete", this::delete);
    }

    private BatchResult run(Context ctx, DistributedWrites.BatchOperation batch,
                            BiFunction<String, List<BatchItem>, BatchResult> operation) {
        String tenant = in.tenant(ctx);
        RequestReader.Payload payload = in.payload(ctx);
        ArrayNode array = requireArray(payload.body());
        boolean complete = batch.creates();
        Function<List<JsonNode>, BatchResult> local = elements -> operation.apply(tenant,
                items(elements, payload, complete));
        List<JsonNode> all = new ArrayList<>();
        array.forEach(all::add);
        if (!writes.concerns(tenant, batch) || Distribution.localOnly(ctx, reads)) {
            return local.apply(all);
        }
        List<DistributedWrites.BatchElement> elements = new ArrayList<>();
        LdContext forwarded = null;
        for (JsonNode element : all) {
            LdContext context = contextOf(payload, element);
            forwarded = forwarded == null ? context : forwarded;
            elements.add(new DistributedWrites.BatchElement(element.path(Members.ID).asText(""), element,
                    context == null ? name -> name : context::expand));
        }
        // A JSON-LD batch has no @context of its own: its elements carry theirs, and keep them when forwarded.
        return writes.batch(Distribution.forward(ctx, tenant, forwarded != null ? forwarded : in.context(ctx)), batch,
                elements, id -> localTypes(tenant, id), local);
    }

    /** The @context of a batch element, or null when it has none that works (the local write then says why). */
    private static LdContext contextOf(RequestReader.Payload payload, JsonNode element) {
        if (!element.isObject()) {
            return null;
        }
        try {
            return payload.contextOf(element);
        } catch (NgsiLdException e) {
            return null;
        }
    }

    /** The types an entity has here, or none when it is not here. */
    private List<String> localTypes(String tenant, String id) {
        return Distribution.orEmpty(() -> service.retrieve(tenant, id).types(), List.of());
    }

    private List<BatchItem> items(List<JsonNode> elements, RequestReader.Payload payload, boolean complete) {
        List<BatchItem> items = new ArrayList<>(elements.size());
        for (JsonNode element : elements) {
            String id = element.path(Members.ID).asText("");
            try {
                items.add(BatchItem.of(complete
                        ? reader.readEntity(element, payload.contextOf(element), null)
                        : reader.readPatch(element, payload.contextOf(element), null)));
            } catch (NgsiLdException e) {
                items.add(BatchItem.failed(id, e));
            }
        }
        return items;
    }

    private void delete(Context ctx) {
        String tenant = in.tenant(ctx);
        ArrayNode array = requireArray(in.payload(ctx).body());
        List<String> ids = new ArrayList<>();
        List<BatchResult.BatchError> invalid = new ArrayList<>();
        for (JsonNode element : array) {
            try {
                if (!element.isTextual()) {
                    throw NgsiLdException.badData("A batch delete lists entity ids as strings");
                }
                ids.add(Names.requireUri("The entity id", element.asText()));
            } catch (NgsiLdException e) {
                invalid.add(new BatchResult.BatchError(element.asText(""), e));
            }
        }
        BatchResult result;
        DistributedWrites.BatchOperation batch = DistributedWrites.BatchOperation.DELETE;
        if (!writes.concerns(tenant, batch) || Distribution.localOnly(ctx, reads)) {
            result = service.batchDelete(tenant, ids);
        } else {
            LdContext context = in.context(ctx);
            result = writes.batch(Distribution.forward(ctx, tenant, context), batch, ids.stream()
                            .map(id -> new DistributedWrites.BatchElement(id, TextNode.valueOf(id), context::expand)).toList(),
                    id -> localTypes(tenant, id),
                    elements -> service.batchDelete(tenant, elements.stream().map(JsonNode::asText).toList()));
        }
        invalid.forEach(error -> result.failed(error.entityId(), error.error()));
        writeNoContent(ctx, result);
    }

    private ArrayNode requireArray(JsonNode body) {
        if (!(body instanceof ArrayNode array)) {
            throw NgsiLdException.badData("A batch operation takes a JSON array");
        }
        if (array.isEmpty()) {
            throw NgsiLdException.badData("The batch is empty");
        }
        if (array.size() > maxBatchSize) {
            throw NgsiLdException.badData("The batch has " + array.size() + " elements; at most " + maxBatchSize
                    + " are allowed (--max-batch-size)");
        }
        // null is no entity and no id at all: the batch itself is malformed, not one of its elements
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).isNull()) {
                throw NgsiLdException.badData("Element " + i + " of the batch is null");
            }
        }
        return array;
    }

    /** Create and upsert: 201 with the created ids when all went well, else 207 with the result. */
    private void writeCreated(Context ctx, BatchResult result, boolean created) {
        if (!result.errors().isEmpty()) {
            out.writePlain(ctx, 207, resultBody(result, AttributeNames.EXPANDED));
        } else if (created) {
            ArrayNode ids = json.createArrayNode();
            result.created().forEach(ids::add);
            out.writePlain(ctx, 201, ids);
        } else {
            ctx.status(204);
        }
    }

    private void writeNoContent(Context ctx, BatchResult result) {
        writeNoContent(ctx, result, AttributeNames.EXPANDED);
    }

    private void writeNoContent(Context ctx, BatchResult result, AttributeNames names) {
        if (result.errors().isEmpty()) {
            ctx.status(204);
        } else {
            out.writePlain(ctx, 207, resultBody(result, names));
        }
    }

    /** How an entity's attribute names are shown in an answer: as its element of the request sent them. */
    private interface AttributeNames {
        AttributeNames EXPANDED = (entityId, expandedName) -> expandedName;

        String shown(String entityId, String expandedName);
    }

    /** Each element's names compacted with the @context it came with (the element's own, or the request's). */
    private AttributeNames namesAsSent(Context ctx) {
        RequestReader.Payload payload = in.payload(ctx);
        Map<String, LdContext> contexts = new HashMap<>();
        for (JsonNode element : payload.body()) {
            contexts.putIfAbsent(element.path(Members.ID).asText(""), payload.contextOf(element));
        }
        return (entityId, name) -> contexts.containsKey(entityId) ? contexts.get(entityId).compact(name) : name;
    }

    private ObjectNode resultBody(BatchResult result, AttributeNames names) {
        ObjectNode body = json.createObjectNode();
        ArrayNode success = body.putArray("success");
        result.success().forEach(success::add);
        ArrayNode errors = body.putArray("errors");
        result.errors().forEach(error -> {
            ObjectNode entry = errors.addObject();
            entry.put("entityId", error.entityId());
            if (error.registrationId() != null) {
                entry.put("registrationId", error.registrationId());
            }
            String detail = error.notOverwritten().isEmpty() ? error.error().detail()
                    : BatchResult.notOverwrittenDetail(error.notOverwritten().stream()
                            .map(name -> names.shown(error.entityId(), name)).toList());
            entry.set("error", problems.body(error.error().type(), detail));
        });
        return body;
    }

    private static List<String> options(Context ctx) {
        return RepresentationParams.commaList(ctx.queryParam("options"));
    }
}
